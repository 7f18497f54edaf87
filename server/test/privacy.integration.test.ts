/**
 * GDPR erasure end to end: real vendor fixtures delivered over HTTP to the
 * real server on a real SQLite file, `POST /api/v1/privacy/erasures`, then
 * every text column of every table read back directly, and the stored raw
 * deliveries replayed by `runwatch replay`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../scripts/cli/main";
import { SQLITE_FILE } from "../store/sqlite";
import { adminHeaders, fixture, startTestServer, type TestServer } from "./helpers";
import { buildkiteDelivery, githubDelivery, gitlabDelivery, jenkinsDelivery, post } from "./vendors";

let server: TestServer;
// Ours, not the server's: it outlives a restart.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-privacy-"));

/** Every table an erasure reports, untouched. */
const NONE = {
  deliveries: 0,
  jobs: 0,
  runs: 0,
  job_observations: 0,
  run_observations: 0,
  alerts: 0,
  alert_deliveries: 0,
  alert_work: 0,
  log_tails: 0,
  job_series: 0,
  flaky_runs: 0,
  job_values: 0,
  usage_hourly: 0,
  metric_rollups: 0,
  metric_daily: 0,
};

const text = (file: string) => fixture(file).toString("utf8");

/** Every occurrence of `needle` (any case) in any text column of any table: `table.column` → rows. */
function occurrences(needle: string): Record<string, number> {
  const db = new SqliteDatabase(path.join(server.dataDir, SQLITE_FILE), { readonly: true });
  try {
    const found: Record<string, number> = {};
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string }[];
    for (const { name: table } of tables) {
      const columns = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
      for (const { name: column } of columns) {
        const { n } = db
          .prepare(
            `SELECT count(*) AS n FROM "${table}" WHERE instr(lower(CAST("${column}" AS TEXT)), ?) > 0`,
          )
          .get(needle.toLowerCase()) as { n: number };
        if (n > 0) found[`${table}.${column}`] = n;
      }
    }
    return found;
  } finally {
    db.close();
  }
}

function erase(body: unknown, headers: Record<string, string> = adminHeaders) {
  return fetch(`${server.url}/api/v1/privacy/erasures`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function authors(): Promise<string[]> {
  const response = await fetch(`${server.url}/api/v1/jobs?limit=100`, { headers: adminHeaders });
  const { items } = (await response.json()) as { items: { id: string; author?: string }[] };
  return items.map((job) => `${job.id}=${job.author ?? "-"}`).sort();
}

beforeAll(async () => {
  server = await startTestServer({ dataDir });
  const deliveries = [
    // lineville: the sender, and the owner of the repository (lineville/elastic-machines-testing).
    githubDelivery("workflow_job", text("github/workflow_job.queued.2.json")),
    githubDelivery("workflow_job", text("github/workflow_job.waiting.json")),
    // Codertocat: someone else, who must stay.
    githubDelivery("workflow_job", text("github/workflow_job.completed.1.json")),
    // John Smith (jsmithy2, john@smith.com), and root (Administrator), who must stay.
    gitlabDelivery("Job Hook", text("gitlab/job.success.json")),
    gitlabDelivery("Pipeline Hook", text("gitlab/pipeline.success.json")),
    buildkiteDelivery(text("buildkite/eventbridge/job.finished.json")),
    jenkinsDelivery(text("jenkins/notification-plugin.completed.json")),
  ];
  for (const delivery of deliveries) expect((await post(server.url, delivery)).status).toBe(202);
  // Roll-ups built now, so the background refresh (every second) has nothing left to change.
  while ((await server.store.refreshMetrics()) > 0);
}, 60_000);

afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("POST /api/v1/privacy/erasures", { timeout: 60_000 }, () => {
  it("refuses anyone but an admin, and an empty person naming the field", async () => {
    const created = await fetch(`${server.url}/api/v1/keys`, {
      method: "POST",
      headers: { ...adminHeaders, "content-type": "application/json" },
      body: JSON.stringify({ name: "reader", scopes: ["read"] }),
    });
    const { secret } = (await created.json()) as { secret: string };
    const forbidden = await erase({ person: "lineville" }, { authorization: `Bearer ${secret}` });
    expect(forbidden.status).toBe(403);
    expect(await erase({ person: "lineville" }, {}).then((r) => r.status)).toBe(401);

    for (const body of [{ person: "" }, { person: "  " }, {}, { person: 42 }]) {
      const response = await erase(body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { field: string } }).error.field).toBe("person");
    }
    expect(occurrences("lineville")["deliveries.body"]).toBe(2);
  });

  it("erases a GitHub login everywhere, dry run first, exact counts, audited without the person", async () => {
    const before = occurrences("lineville");
    expect(before["deliveries.body"]).toBe(2);
    const othersBefore = occurrences("codertocat");

    const dry = await erase({ person: "LineVille", dryRun: true });
    expect(dry.status).toBe(200);
    const dryResult = (await dry.json()) as { touched: Record<string, number>; dryRun: boolean };
    expect(dryResult.dryRun).toBe(true);
    expect(occurrences("lineville")).toEqual(before);

    const response = await erase({ person: "lineville" });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { touched: Record<string, number>; pseudonym: string };
    expect(result.pseudonym).toMatch(/^erased-[0-9a-f]{12}$/);
    expect(result.touched).toEqual(dryResult.touched);
    // Two deliveries of one job (queued, waiting): one job, its derived run, two observations,
    // and the repository suggestion (lineville/elastic-machines-testing).
    expect(result.touched).toEqual({
      ...NONE,
      deliveries: 2,
      jobs: 1,
      runs: 1,
      job_observations: 2,
      job_values: 1,
    });
    expect(before["jobs.author"]).toBe(1);

    expect(occurrences("lineville")).toEqual({});
    expect(occurrences("codertocat")).toEqual(othersBefore);
    expect(await authors()).toContain(`github:12877621891=${result.pseudonym}`);

    // Idempotent: nothing left to touch.
    const again = (await (await erase({ person: "lineville" })).json()) as {
      touched: Record<string, number>;
    };
    expect(again.touched).toEqual(NONE);

    const audit = await fetch(`${server.url}/api/v1/audit?action=privacy.erased`, { headers: adminHeaders });
    const { items } = (await audit.json()) as {
      items: { action: string; details: Record<string, unknown> }[];
    };
    const erasures = items.filter((entry) => entry.action === "privacy.erased");
    expect(erasures).toHaveLength(2);
    const first = erasures[erasures.length - 1]!;
    expect(first.details.touched).toEqual(result.touched);
    expect(first.details.person_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(items).toLowerCase()).not.toContain("lineville");
  });

  it("erases a GitLab user named by email with their username and name; root stays; replay still passes", async () => {
    const rootBefore = occurrences("administrator");
    expect(occurrences("jsmithy2")["deliveries.body"]).toBe(1);

    const response = await erase({ person: "john@smith.com" });
    expect(response.status).toBe(200);
    const result = (await response.json()) as {
      touched: Record<string, number>;
      aliases: number;
      pseudonym: string;
    };
    expect(result.aliases).toBe(3);
    // The job's series key names its repository (jsmithy2/release-tools-fake), as its usage row does.
    expect(result.touched).toEqual({
      ...NONE,
      deliveries: 1,
      jobs: 1,
      runs: 1,
      job_observations: 1,
      job_series: 1,
      job_values: 1,
      usage_hourly: 1,
      // The finished job's repo roll-up of its hour, and its day's repo, repo+branch, repo+workflow.
      metric_rollups: 1,
      metric_daily: 3,
    });
    // Rebuilt under the pseudonym before the answer.
    expect(occurrences(`${result.pseudonym}/release-tools-fake`)).toMatchObject({
      "metric_rollups.value": 1,
      "metric_daily.value": 3,
    });
    for (const needle of ["john@smith.com", "jsmithy2", "john smith"])
      expect(occurrences(needle)).toEqual({});
    expect(occurrences("administrator")).toEqual(rootBefore);

    const jobsBefore = await authors();
    await server.close();
    let stdout = "";
    const code = await runCli(["replay", "--json"], {
      env: { RUNWATCH_DATA_DIR: dataDir },
      out: async (chunk) => {
        stdout += chunk;
      },
      err: async () => {},
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ deliveries: 7, failed: 0 });
    server = await startTestServer({ dataDir });
    expect(await authors()).toEqual(jobsBefore);
    for (const needle of ["lineville", "john@smith.com", "jsmithy2", "john smith"])
      expect(occurrences(needle)).toEqual({});
  });
});

/**
 * `GET /metrics` over real HTTP on real servers: who may scrape it, that a
 * real `promtool check metrics` accepts the text format, that OpenMetrics is
 * served when asked for, and that the counters and histograms equal what was
 * sent — real fixtures, signed, with a duplicate, a re-delivery and refusals.
 */
import { UNDER_CI } from "./engines/test-env";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../domain/clock";
import {
  ADMIN_TOKEN,
  adminHeaders,
  fixture,
  githubSignature,
  startTestServer,
  type TestServer,
} from "./helpers";
import { githubDelivery, gitlabDelivery, post } from "./vendors";

/** The Accept header Prometheus 2.x sends when it scrapes. */
const PROMETHEUS_ACCEPT =
  "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

/** Every sample of an exposition, keyed `name{label="value",…}` with the labels sorted. */
function samples(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const [, name, labels = "", value = ""] = match;
    found.set(key(name as string, Object.fromEntries(parseLabels(labels))), Number(value));
  }
  return found;
}

const parseLabels = (labels: string) =>
  [...labels.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1] as string, m[2] as string] as const);

const key = (name: string, labels: Record<string, string> = {}) =>
  `${name}{${Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, value]) => `${label}="${value}"`)
    .join(",")}}`;

async function scrape(url: string, headers: Record<string, string> = adminHeaders) {
  const response = await fetch(`${url}/metrics`, { headers });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

describe("who may scrape GET /metrics", () => {
  let server: TestServer;
  let open: TestServer;
  let readHeaders: Record<string, string>;
  beforeAll(async () => {
    [server, open] = await Promise.all([
      startTestServer(),
      startTestServer({ env: { RUNWATCH_METRICS_PUBLIC: "on" } }),
    ]);
    const created = await fetch(`${server.url}/api/v1/keys`, {
      method: "POST",
      headers: { ...adminHeaders, "content-type": "application/json" },
      body: JSON.stringify({ name: "prometheus", scopes: ["read"] }),
    });
    expect(created.status).toBe(201);
    readHeaders = { authorization: `Bearer ${((await created.json()) as { secret: string }).secret}` };
  });
  afterAll(() => Promise.all([server.close(), open.close()]));

  it("answers 401 without a credential, or with a wrong one", async () => {
    const anonymous = await scrape(server.url, {});
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text)).toMatchObject({ error: { code: "unauthenticated" } });
    const wrong = await scrape(server.url, { authorization: "Bearer rw_not_a_key_0123456789abcdef" });
    expect(wrong.status).toBe(401);
  });

  it("answers a read key in the Prometheus text format", async () => {
    const answer = await scrape(server.url, readHeaders);
    expect(answer.status).toBe(200);
    expect(answer.type).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(samples(answer.text).get(key("runwatch_dependency_up", { dependency: "database" }))).toBe(1);
  });

  it("answers anyone when RUNWATCH_METRICS_PUBLIC=on, and the OpenAPI document says so", async () => {
    const answer = await scrape(open.url, {});
    expect(answer.status).toBe(200);
    expect(answer.text).toContain("# TYPE runwatch_webhook_deliveries_total counter\n");
    const access = async (url: string) => {
      const document = (await (await fetch(`${url}/api/v1/openapi.json`)).json()) as {
        paths: Record<string, { get: { "x-runwatch-access": string } }>;
      };
      return document.paths["/metrics"]?.get["x-runwatch-access"];
    };
    expect(await access(open.url)).toBe("public");
    expect(await access(server.url)).toBe("read");
  });
});

describe("what GET /metrics counts", () => {
  // Every fixture below happened before this; the waiting job has waited exactly this long.
  const now = Date.parse("2023-06-26T04:00:00Z");
  const waitedSeconds = (now - Date.parse("2023-04-19T21:12:12Z")) / 1000;
  let server: TestServer;
  let text: string;

  beforeAll(async () => {
    server = await startTestServer({ clock: manualClock(now) });
    const github = (name: string, delivery: string) =>
      githubDelivery("workflow_job", fixture(`github/${name}`).toString("utf8"), delivery);
    const completed = github("workflow_job.completed.1.json", "d-completed");
    let sent = 0;
    const send = async (response: Promise<Response>, status: number) => {
      sent += 1;
      expect((await response).status).toBe(status);
    };
    // One at a time: each delivery is answered after its own commit, so each is one transaction.
    await send(post(server.url, completed), 202); // queued 60 s, ran 198 s
    await send(post(server.url, completed), 202); // the same delivery id again: a duplicate
    await send(post(server.url, github("workflow_job.completed.2.json", "d-redelivered")), 202);
    await send(post(server.url, github("workflow_job.in_progress.3.json", "d-running")), 202); // queued 7 s
    await send(post(server.url, github("workflow_job.queued.2.json", "d-waiting")), 202);
    await send(
      post(server.url, github("workflow_job.completed.1.json", "d-forged"), {
        "x-hub-signature-256": githubSignature(completed.body, "not-the-secret"),
      }),
      401,
    );
    const truncated = completed.body.slice(0, 40);
    await send(
      post(server.url, {
        ...github("workflow_job.completed.1.json", "d-truncated"),
        body: truncated,
        headers: { ...completed.headers, "x-hub-signature-256": githubSignature(truncated) },
      }),
      400,
    );
    await send(post(server.url, completed, { "content-type": "text/plain" }), 415);
    await send(
      post(server.url, gitlabDelivery("Job Hook", fixture("gitlab/job.created.json").toString("utf8"))),
      202,
    );
    expect(sent).toBe(9);

    const socket = connect(server.url, {
      transports: ["websocket"],
      forceNew: true,
      auth: { token: ADMIN_TOKEN },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    try {
      const answer = await scrape(server.url);
      expect(answer.status).toBe(200);
      text = answer.text;
    } finally {
      socket.disconnect();
    }
  });
  afterAll(() => server.close());

  it("counts every delivery by source and outcome, as the Sources page does", async () => {
    const values = samples(text);
    const counted = (source: string) =>
      Object.fromEntries(
        ["accepted", "duplicate", "ignored", "rejected", "invalid", "error"].map((outcome) => [
          outcome,
          values.get(key("runwatch_webhook_deliveries_total", { source, outcome })),
        ]),
      );
    expect(counted("github")).toEqual({
      accepted: 4,
      duplicate: 1,
      ignored: 0,
      rejected: 1,
      invalid: 2,
      error: 0,
    });
    expect(counted("gitlab")).toEqual({
      accepted: 1,
      duplicate: 0,
      ignored: 0,
      rejected: 0,
      invalid: 0,
      error: 0,
    });
    expect(counted("jenkins")).toEqual({
      accepted: 0,
      duplicate: 0,
      ignored: 0,
      rejected: 0,
      invalid: 0,
      error: 0,
    });

    const sources = (await (
      await fetch(`${server.url}/api/v1/sources`, { headers: adminHeaders })
    ).json()) as {
      items: { source: string; counts: Record<string, number> }[];
    };
    const stored = sources.items.find((item) => item.source === "github")?.counts;
    expect(stored).toEqual({ accepted: 4, duplicate: 1, ignored: 0, rejected: 1, invalid: 2 });
  });

  it("times each acknowledged delivery, and each writer transaction", () => {
    const values = samples(text);
    expect(values.get(key("runwatch_webhook_ack_seconds_count", { source: "github" }))).toBe(5);
    expect(values.get(key("runwatch_webhook_ack_seconds_count", { source: "gitlab" }))).toBe(1);
    // Refusals are written too (their counts): 9 deliveries, one transaction each.
    expect(values.get(key("runwatch_ingest_batch_size_count"))).toBe(9);
    expect(values.get(key("runwatch_ingest_batch_size_sum"))).toBe(9);
    expect(values.get(key("runwatch_ingest_batch_size_bucket", { le: "1" }))).toBe(9);
    expect(values.get(key("runwatch_ingest_batch_commit_seconds_count"))).toBe(9);
  });

  it("observes each job's queue time once as it starts, and its duration once as it finishes", () => {
    const values = samples(text);
    const pool = { source: "github", pool: "ubuntu-latest" };
    expect(values.get(key("runwatch_job_duration_seconds_count", pool))).toBe(1);
    expect(values.get(key("runwatch_job_duration_seconds_sum", pool))).toBe(198);
    expect(values.get(key("runwatch_job_duration_seconds_bucket", { ...pool, le: "120" }))).toBe(0);
    expect(values.get(key("runwatch_job_duration_seconds_bucket", { ...pool, le: "300" }))).toBe(1);
    expect(values.get(key("runwatch_job_queue_seconds_count", pool))).toBe(2);
    expect(values.get(key("runwatch_job_queue_seconds_sum", pool))).toBe(67);
    expect(values.get(key("runwatch_job_queue_seconds_bucket", { ...pool, le: "5" }))).toBe(0);
    expect(values.get(key("runwatch_job_queue_seconds_bucket", { ...pool, le: "15" }))).toBe(1);
    expect(values.get(key("runwatch_job_queue_seconds_bucket", { ...pool, le: "60" }))).toBe(2);
  });

  it("reads the queue, the runners, live connections and the database when scraped", () => {
    const values = samples(text);
    expect(values.get(key("runwatch_jobs_queued", { pool: "k8s, self-hosted" }))).toBe(1);
    expect(values.get(key("runwatch_jobs_oldest_waiting_seconds", { pool: "k8s, self-hosted" }))).toBe(
      waitedSeconds,
    );
    expect(values.get(key("runwatch_jobs_running", { pool: "ubuntu-latest" }))).toBe(1);
    expect(values.get(key("runwatch_jobs_queued", { pool: "ubuntu-latest" }))).toBe(0);
    // The running job's hosted runner is busy; the finished job's hosted runner retired (not counted).
    expect(values.get(key("runwatch_runners", { pool: "ubuntu-latest", status: "busy" }))).toBe(1);
    expect(values.get(key("runwatch_runners", { pool: "ubuntu-latest", status: "idle" }))).toBe(0);
    // The demand signal: the same figures as GET /api/v1/pools/{pool}/demand (no k8s runner seen: none idle or busy).
    const k8s = { pool: "k8s, self-hosted" };
    expect(values.get(key("runwatch_pool_waiting", k8s))).toBe(1);
    expect(values.get(key("runwatch_pool_running", k8s))).toBe(0);
    expect(values.get(key("runwatch_pool_idle_runners", k8s))).toBe(0);
    expect(values.get(key("runwatch_pool_busy_runners", k8s))).toBe(0);
    expect(values.get(key("runwatch_pool_recommended_runners", k8s))).toBe(1);
    expect(values.get(key("runwatch_pool_running", { pool: "ubuntu-latest" }))).toBe(1);
    expect(values.get(key("runwatch_pool_recommended_runners", { pool: "ubuntu-latest" }))).toBe(1);
    expect(values.get(key("runwatch_dashboards_connected"))).toBe(1);
    expect(values.get(key("runwatch_dependency_up", { dependency: "database" }))).toBe(1);
    expect(values.get(key("runwatch_event_loop_lag_seconds", { stat: "p99" }))).toBeGreaterThanOrEqual(0);
  });

  it("labels nothing by job, run, commit, branch or repository", () => {
    const labels = new Set(
      [...samples(text).keys()].flatMap((k) => parseLabels(k.slice(k.indexOf("{"))).map(([l]) => l)),
    );
    expect([...labels].sort()).toEqual(["dependency", "le", "outcome", "pool", "source", "stat", "status"]);
  });

  it("is what docs/prometheus.md lists, and the sample Grafana board reads only series that exist", () => {
    const docs = path.resolve(import.meta.dirname, "../../docs");
    const families = new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
    const listed = new Map(
      [...fs.readFileSync(path.join(docs, "prometheus.md"), "utf8").matchAll(/^\| `(\w+)` +\| (\w+) /gm)].map(
        (m) => [m[1], m[2]],
      ),
    );
    expect(listed).toEqual(families);
    const board = fs.readFileSync(path.join(docs, "grafana-dashboard.json"), "utf8");
    const read = new Set(
      [...board.matchAll(/\b((?:runwatch|process|nodejs)_\w+)/g)].map((m) => {
        const name = m[1] as string;
        const base = name.replace(/_(bucket|sum|count)$/, "");
        return families.get(base) === "histogram" ? base : name;
      }),
    );
    expect([...read].filter((name) => !families.has(name))).toEqual([]);
    expect(read.size).toBeGreaterThanOrEqual(12);
  });

  it("serves OpenMetrics to Prometheus's Accept header, with the same counts", async () => {
    const answer = await scrape(server.url, { ...adminHeaders, accept: PROMETHEUS_ACCEPT });
    expect(answer.status).toBe(200);
    expect(answer.type).toBe("application/openmetrics-text; version=1.0.0; charset=utf-8");
    expect(answer.text.endsWith("\n# EOF\n")).toBe(true);
    expect(answer.text.split("\n").slice(0, -1)).not.toContain("");
    // OpenMetrics names the counter family without `_total`; its samples keep it.
    expect(answer.text).toContain("# TYPE runwatch_webhook_deliveries counter\n");
    const open = samples(answer.text);
    const stable = [...samples(text)].filter(([k]) => /^runwatch_(webhook|ingest_batch_size|job_)/.test(k));
    expect(stable.length).toBeGreaterThan(60);
    for (const [k, value] of stable) expect(open.get(k), k).toBe(value);
    // And the classic format is unchanged by an OpenMetrics scrape in between.
    expect((await scrape(server.url)).text).toContain("# TYPE runwatch_webhook_deliveries_total counter\n");
  });
});

describe("GET /metrics when the database is gone", () => {
  it('still answers, with runwatch_dependency_up{dependency="database"} 0 and no pool series', async () => {
    // Public, so the scrape needs no key looked up in the database it is about to lose.
    const server = await startTestServer({ env: { RUNWATCH_METRICS_PUBLIC: "on" } });
    const body = fixture("github/workflow_job.queued.2.json").toString("utf8");
    expect((await post(server.url, githubDelivery("workflow_job", body))).status).toBe(202);
    await server.store.close();
    try {
      const answer = await scrape(server.url, {});
      expect(answer.status).toBe(200);
      const values = samples(answer.text);
      expect(values.get(key("runwatch_dependency_up", { dependency: "database" }))).toBe(0);
      expect([...values.keys()].filter((k) => k.startsWith("runwatch_jobs_"))).toEqual([]);
      // What was counted before stays counted.
      expect(
        values.get(key("runwatch_webhook_deliveries_total", { source: "github", outcome: "accepted" })),
      ).toBe(1);
    } finally {
      // The store is closed already; a second close may fail, and the data folder must go anyway.
      await server.close().catch(() => undefined);
      fs.rmSync(server.dataDir, { recursive: true, force: true });
    }
  });
});

describe("promtool check metrics", () => {
  const version = spawnSync("promtool", ["--version"], { encoding: "utf8" });
  const installed = version.error === undefined && version.status === 0;
  const underCi = UNDER_CI;
  if (!installed && !underCi)
    console.warn(
      "skipping the promtool checks: promtool is not installed (Debian: apt-get install prometheus)",
    );
  const check = (text: string) =>
    spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8", timeout: 30_000 });

  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const body = fixture("github/workflow_job.completed.1.json").toString("utf8");
    expect((await post(server.url, githubDelivery("workflow_job", body))).status).toBe(202);
  });
  afterAll(() => server.close());

  it.skipIf(!installed && !underCi)("is installed (required under CI=true)", () => {
    expect(installed, `promtool --version: ${version.error?.message ?? version.stderr}`).toBe(true);
  });

  it.skipIf(!installed)("reports a counter without _total (it really lints)", () => {
    const result = check("# HELP jobs Jobs.\n# TYPE jobs counter\njobs 1\n");
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain('counter metrics should have "_total" suffix');
  });

  it.skipIf(!installed)("accepts the text format, with no lint problem", async () => {
    const { status, text } = await scrape(server.url);
    expect(status).toBe(200);
    const result = check(text);
    expect(`${result.stdout}${result.stderr}`).toBe("");
    expect(result.status).toBe(0);
  });
});

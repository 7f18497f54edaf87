/**
 * Filter suggestions and job history over real HTTP on the real SQLite store:
 * `GET /api/v1/jobs/suggestions` (prefix in any case, most recent first, limit,
 * 400 naming a bad parameter) and `GET /api/v1/jobs/:id/history` (earlier
 * attempts and runs of the same job on the same branch, newest first).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobListResponse } from "../../lib/api";
import type { JobHistoryResponse, JobSuggestions } from "../../lib/job-search";
import { SOURCE_SECRETS, adminHeaders, githubSignature, startTestServer, type TestServer } from "./helpers";

let server: TestServer;

const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString();

/**
 * A finished generic job: queued at `tens` × 10 minutes, started a minute later, ran `minutes`.
 * Queue times an hour or more apart, so suggestions' recency (kept to the hour) orders them.
 */
const job = (
  id: string,
  tens: number,
  minutes: number,
  fields: {
    repo?: string;
    name?: string;
    branch?: string | null;
    runId?: string;
    attempt?: number;
    status?: string;
    labels?: string[];
  } = {},
) => ({
  id,
  repo: fields.repo ?? "acme/api",
  workflow: "CI",
  name: fields.name ?? "unit tests",
  branch: fields.branch === undefined ? "main" : fields.branch,
  runId: fields.runId ?? id,
  attempt: fields.attempt ?? 1,
  status: fields.status ?? "success",
  queuedAt: at(tens * 10),
  startedAt: at(tens * 10 + 1),
  finishedAt: at(tens * 10 + 1 + minutes),
  runner: { name: `runner-${id}`, labels: fields.labels ?? ["linux", "x64"] },
});

const DELIVERIES = [
  job("h1", 0, 4, { runId: "r1", status: "failure" }),
  job("lint1", 0, 1, { runId: "r1", name: "lint" }),
  job("h2", 10, 5, { runId: "r1", attempt: 2 }),
  job("dev1", 12, 7, { branch: "dev", runId: "r9" }),
  job("h3", 20, 6, { runId: "r2" }),
  job("h4", 30, 3, { runId: "r3" }),
  job("w1", 40, 2, { repo: "acme/web", name: "build", branch: "feature/Login", labels: ["macos"] }),
  job("o1", 50, 2, { repo: "Other/tool", name: "bench", branch: null, labels: [] }),
  job("a_1", 55, 1, { repo: "acme_legacy/x", name: "build" }),
];

beforeAll(async () => {
  server = await startTestServer();
  for (const delivery of DELIVERIES) {
    const body = JSON.stringify({ version: 1, job: delivery });
    const response = await fetch(`${server.url}/api/v1/webhooks/generic`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-runwatch-signature-256": githubSignature(body, SOURCE_SECRETS.generic),
      },
      body,
    });
    expect(response.status, await response.text()).toBe(202);
  }
});
afterAll(() => server.close());

async function get(path: string, headers: Record<string, string> = adminHeaders) {
  const response = await fetch(`${server.url}${path}`, { headers });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("GET /api/v1/jobs/suggestions", () => {
  it("suggests repositories starting with the prefix in any case, most recently seen first", async () => {
    expect(await get("/api/v1/jobs/suggestions?field=repo&prefix=AC")).toEqual({
      status: 200,
      body: { field: "repo", items: ["acme_legacy/x", "acme/web", "acme/api"] } satisfies JobSuggestions,
    });
  });

  it("matches `_` and `%` literally", async () => {
    expect((await get("/api/v1/jobs/suggestions?field=repo&prefix=acme_")).body).toEqual({
      field: "repo",
      items: ["acme_legacy/x"],
    });
    expect((await get("/api/v1/jobs/suggestions?field=repo&prefix=%25")).body).toEqual({
      field: "repo",
      items: [],
    });
  });

  it("serves every field, newest first, and no empty values", async () => {
    const items = async (field: string) =>
      ((await get(`/api/v1/jobs/suggestions?field=${field}`)).body as JobSuggestions).items;
    expect(await items("branch")).toEqual(["main", "feature/Login", "dev"]);
    expect(await items("workflow")).toEqual(["CI"]);
    expect(await items("name")).toEqual(["build", "bench", "unit tests", "lint"]);
    expect(await items("pool")).toEqual(["linux, x64", "unlabelled", "macos"]);
  });

  it("stops at the limit", async () => {
    expect((await get("/api/v1/jobs/suggestions?field=repo&limit=2")).body).toEqual({
      field: "repo",
      items: ["acme_legacy/x", "Other/tool"],
    });
  });

  it.each([
    ["field=owner", "field"],
    ["prefix=ac", "field"],
    ["field=repo&limit=0", "limit"],
    ["field=repo&limit=51", "limit"],
    ["field=repo&limit=ten", "limit"],
  ])("answers 400 naming the parameter for ?%s", async (query, field) => {
    const { status, body } = await get(`/api/v1/jobs/suggestions?${query}`);
    expect(status).toBe(400);
    expect(body).toEqual({
      error: { code: "invalid_query", field, message: expect.stringMatching(new RegExp(`^${field}: `)) },
    });
  });

  it("needs a credential", async () => {
    expect((await get("/api/v1/jobs/suggestions?field=repo", {})).status).toBe(401);
  });
});

describe("GET /api/v1/jobs/:id/history", () => {
  const history = async (id: string, query = "") => {
    const { status, body } = await get(`/api/v1/jobs/${encodeURIComponent(id)}/history${query}`);
    expect(status).toBe(200);
    return (body as JobHistoryResponse).items.map((item) => [
      item.id,
      item.runId,
      item.attempt,
      item.durationMs,
    ]);
  };

  it("lists the job, then its earlier attempts and runs on the branch, newest first", async () => {
    expect(await history("generic:h3")).toEqual([
      ["generic:h3", "r2", 1, 360_000],
      ["generic:h2", "r1", 2, 300_000],
      ["generic:h1", "r1", 1, 240_000],
    ]);
  });

  it("leaves out later jobs, other branches and other job names, and stops at the limit", async () => {
    expect(await history("generic:h1")).toEqual([["generic:h1", "r1", 1, 240_000]]);
    expect(await history("generic:h4", "?limit=2")).toEqual([
      ["generic:h4", "r3", 1, 180_000],
      ["generic:h3", "r2", 1, 360_000],
    ]);
    expect(await history("generic:dev1")).toEqual([["generic:dev1", "r9", 1, 420_000]]);
  });

  it("finds the series of a job without a branch", async () => {
    expect(await history("generic:o1")).toEqual([["generic:o1", "o1", 1, 120_000]]);
  });

  it("answers 404 naming the id for an unknown job, and 400 for a bad limit", async () => {
    expect(await get("/api/v1/jobs/generic%3Anope/history")).toEqual({
      status: 404,
      body: { error: { code: "not_found", field: "id", message: 'no job with id "generic:nope"' } },
    });
    const bad = await get("/api/v1/jobs/generic%3Ah1/history?limit=101");
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { field: string } }).error.field).toBe("limit");
  });
});

describe("GET /api/v1/jobs with the suggested filters", () => {
  const ids = async (query: string) =>
    ((await get(`/api/v1/jobs?${query}`)).body as JobListResponse).items.map((item) => item.id).sort();

  it("filters by job name and by pool, exactly", async () => {
    expect(await ids("name=build")).toEqual(["generic:a_1", "generic:w1"]);
    expect(await ids("pool=macos")).toEqual(["generic:w1"]);
    expect(await ids("pool=linux")).toEqual([]);
    expect(await ids(`pool=${encodeURIComponent("linux, x64")}&name=lint`)).toEqual(["generic:lint1"]);
  });
});

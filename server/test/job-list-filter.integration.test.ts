/**
 * The dashboard's live patches decide on their own whether a changed job belongs
 * in a cached list (`matchesParams` in components/jobs/job-list-patch.ts). This
 * holds it to the server's own filtering (`GET /api/v1/jobs` on the real SQLite
 * store): for each case, both pick exactly the literal expected jobs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobListResponse } from "../../lib/api";
import type { Job } from "../../lib/job";
import { jobListSearchParams, type JobListParams } from "../../components/api/jobs-api";
import { matchesParams } from "../../components/jobs/job-list-patch";
import { SOURCE_SECRETS, adminHeaders, githubSignature, startTestServer, type TestServer } from "./helpers";

let server: TestServer;
/** Every job, as the server serves it. */
let jobs: Job[];

const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 12, minute)).toISOString();

/** The generic deliveries: one job each, stored as `generic:<id>`. */
const DELIVERIES = [
  {
    id: "a",
    repo: "acme/api",
    workflow: "CI",
    name: "unit tests",
    branch: "main",
    status: "success",
    queuedAt: at(0),
    startedAt: at(1),
    finishedAt: at(5),
    runner: { name: "runner-1", labels: ["linux", "x64"] },
    author: "dana",
  },
  {
    id: "b",
    repo: "acme/api",
    workflow: "CI",
    name: "lint",
    branch: "feature/Login",
    status: "failure",
    queuedAt: at(2),
    startedAt: at(3),
    finishedAt: at(4),
    runner: { name: "runner-2", labels: ["linux"] },
    author: "sam",
  },
  {
    id: "c",
    repo: "acme/web",
    workflow: "Deploy",
    name: "deploy_prod",
    branch: "main",
    status: "running",
    queuedAt: at(6),
    startedAt: at(7),
    runner: { name: "mac-1", labels: ["macos", "arm64"] },
    author: "dana",
  },
  { id: "d", repo: "acme/web", workflow: "CI", name: "e2e", status: "queued", queuedAt: at(8) },
  {
    id: "e",
    repo: "other/tool",
    workflow: "Nightly 100%",
    name: "bench",
    branch: "release/1.0",
    status: "cancelled",
    queuedAt: at(9),
    startedAt: at(10),
    finishedAt: at(11),
    runner: { name: "Runner-1", labels: ["linux", "gpu"] },
  },
];

const params = (filters: Partial<JobListParams>): JobListParams => ({
  status: [],
  sort: "created",
  limit: 100,
  ...filters,
});

/** Filters, and the jobs (by delivery id) that belong in a list with them. */
const CASES: Array<[string, Partial<JobListParams>, string[]]> = [
  ["no filter", {}, ["a", "b", "c", "d", "e"]],
  ["finished statuses", { status: ["success", "failure"] }, ["a", "b"]],
  ["active statuses", { status: ["running", "queued"] }, ["c", "d"]],
  ["repo, exactly", { repo: "acme/web" }, ["c", "d"]],
  ["repo prefix is not a match", { repo: "acme" }, []],
  ["branch", { branch: "main" }, ["a", "c"]],
  ["workflow", { workflow: "CI" }, ["a", "b", "d"]],
  ["runner name, case-sensitive", { runner: "runner-1" }, ["a"]],
  ["one label among several", { label: "linux" }, ["a", "b", "e"]],
  ["label and repo together", { label: "gpu", repo: "other/tool" }, ["e"]],
  ["label of another repo", { label: "gpu", repo: "acme/api" }, []],
  ["q in a branch, any case", { q: "LOGIN" }, ["b"]],
  ["q in runner names, any case", { q: "runner-1" }, ["a", "e"]],
  ["q in the id", { q: "generic:c" }, ["c"]],
  ["q in a name", { q: "unit" }, ["a"]],
  ["q `_` matches only an underscore", { q: "_" }, ["c"]],
  ["q `%` matches only a percent sign", { q: "%" }, ["e"]],
  ["sort by finish: only finished jobs", { sort: "finished" }, ["a", "b", "e"]],
  ["sort by finish with a status", { sort: "finished", status: ["failure"] }, ["b"]],
  ["q and label", { q: "acme", label: "macos" }, ["c"]],
  ["status and branch with no job in common", { status: ["failure"], branch: "main" }, []],
  ["author", { author: "dana" }, ["a", "c"]],
  ["author is exact and case-sensitive", { author: "Dana" }, []],
  ["author and active statuses", { author: "dana", status: ["running", "queued"] }, ["c"]],
  ["source", { source: "generic" }, ["a", "b", "c", "d", "e"]],
  ["another source", { source: "github" }, []],
  ["pool: labels sorted and joined", { pool: "arm64, macos" }, ["c"]],
  ["pool of a job without labels", { pool: "unlabelled" }, ["d"]],
  ["pool is the whole label set, not one label", { pool: "linux" }, ["b"]],
  ["job name, exactly", { name: "lint" }, ["b"]],
  ["pool: the job's labels, sorted", { pool: "linux, x64" }, ["a"]],
  ["pool of a job with no labels", { pool: "unlabelled" }, ["d"]],
  ["a one-label pool holds only jobs with that one label", { pool: "linux" }, ["b"]],
  // Noon UTC of 1 January is 1 January in any time zone within ±11 h of UTC.
  [
    "a one-day range holding every job",
    { since: "2025-01-01", until: "2025-01-01" },
    ["a", "b", "c", "d", "e"],
  ],
  ["a range ending the day before", { until: "2024-12-31" }, []],
  ["a range starting the day after", { since: "2025-01-02" }, []],
];

beforeAll(async () => {
  server = await startTestServer();
  for (const job of DELIVERIES) {
    const body = JSON.stringify({ version: 1, job });
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
  jobs = (await list(params({ sort: "updated" }))).items;
});
afterAll(() => server.close());

async function list(p: JobListParams): Promise<JobListResponse> {
  const response = await fetch(`${server.url}/api/v1/jobs?${jobListSearchParams(p).toString()}`, {
    headers: adminHeaders,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as JobListResponse;
}

const ids = (items: readonly Job[]) => items.map((job) => job.id.replace(/^generic:/, "")).sort();

describe("matchesParams agrees with the server's job filtering", () => {
  it("has every delivered job to filter", () => {
    expect(ids(jobs)).toEqual(["a", "b", "c", "d", "e"]);
  });

  it.each(CASES)("%s", async (_name, filters, expected) => {
    const p = params(filters);
    const served = await list(p);
    expect(served.nextCursor).toBeNull();
    expect(ids(served.items)).toEqual(expected);
    expect(ids(jobs.filter((job) => matchesParams(job, p)))).toEqual(expected);
  });
});

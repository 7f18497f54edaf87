/** `GET /api/v1/jobs` and `/jobs/:id` over real HTTP, on jobs ingested from real fixtures. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobListResponse } from "../../lib/api";
import type { Job } from "../../lib/job";
import { manualClock } from "../domain/clock";
import { adminHeaders, fixture, fixtureNames, postGithub, startTestServer, type TestServer } from "./helpers";

let server: TestServer;

/** Posts a copy of a fixture with another job id (and optional workflow_job changes). */
async function postVariant(name: string, id: number, patch: Record<string, unknown> = {}) {
  const body = JSON.parse(fixture(`github/${name}`).toString());
  Object.assign(body.workflow_job, { id, ...patch });
  const response = await postGithub(server.url, JSON.stringify(body));
  expect(response.status).toBe(202);
}

const get = async (path: string) => {
  const response = await fetch(`${server.url}${path}`, { headers: adminHeaders });
  return {
    status: response.status,
    body: (await response.json()) as JobListResponse & { error?: { field?: string } },
  };
};

beforeAll(async () => {
  server = await startTestServer();
  for (const name of fixtureNames("github", "workflow_job.")) {
    expect((await postGithub(server.url, fixture(`github/${name}`))).status).toBe(202);
  }
  // 30 more jobs, an hour apart, alternating between two branches, for paging.
  for (let i = 0; i < 30; i++) {
    await postVariant("workflow_job.completed.2.json", 7_000_000 + i, {
      created_at: new Date(Date.UTC(2024, 0, 1, i)).toISOString(),
      started_at: new Date(Date.UTC(2024, 0, 1, i, 1)).toISOString(),
      completed_at: new Date(Date.UTC(2024, 0, 1, i, 5)).toISOString(),
      head_branch: i % 2 === 0 ? "main" : "feature/paging",
    });
  }
});
afterAll(() => server.close());

describe("GET /api/v1/jobs", () => {
  it("lists newest first with a cursor that walks every job exactly once", async () => {
    const seen: Job[] = [];
    let cursor: string | null = null;
    do {
      const { status, body } = await get(`/api/v1/jobs?limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(7);
      seen.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    const ids = seen.map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    // 4 distinct jobs in the fixtures (several share an id) plus the 30 variants.
    expect(ids.length).toBe(34);
    const created = seen.map((j) => Date.parse(j.queuedAt ?? j.startedAt ?? "1970-01-01"));
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it("filters by status (several), repo, branch, workflow, runner, label and text", async () => {
    const active = await get("/api/v1/jobs?status=queued,waiting,running&limit=200");
    expect(active.body.items.length).toBeGreaterThan(0);
    expect(active.body.items.filter((j) => !["queued", "waiting", "running"].includes(j.status))).toEqual([]);

    const repo = await get("/api/v1/jobs?repo=lineville/elastic-machines-testing");
    expect(repo.body.items.map((j) => j.id)).toEqual(["github:12877621891"]);

    const branch = await get("/api/v1/jobs?branch=feature%2Fpaging&limit=200");
    expect(branch.body.items).toHaveLength(15);

    const workflow = await get("/api/v1/jobs?workflow=Test");
    expect(workflow.body.items.map((j) => j.id)).toEqual(["github:14541957942"]);

    const runner = await get("/api/v1/jobs?runner=my%20runner");
    expect(runner.body.items.map((j) => j.id)).toEqual(["github:2832853555"]);

    const label = await get("/api/v1/jobs?label=gpu");
    expect(label.body.items.map((j) => j.id)).toEqual(["github:2832853555"]);

    const text = await get("/api/v1/jobs?q=examples%20need");
    expect(text.body.items.map((j) => j.id)).toEqual(["github:14541957942"]);

    const wildcard = await get("/api/v1/jobs?q=%25");
    expect(wildcard.body.items).toHaveLength(0);
  });

  it("filters by creation time and sorts by finish time", async () => {
    const window = await get("/api/v1/jobs?since=2024-01-01T10:00:00Z&until=2024-01-01T20:00:00Z&limit=200");
    expect(window.body.items).toHaveLength(10);
    const finished = await get("/api/v1/jobs?sort=finished&limit=3");
    expect(finished.body.items.map((j) => j.finishedAt)).toEqual([
      "2024-01-02T05:05:00.000Z",
      "2024-01-02T04:05:00.000Z",
      "2024-01-02T03:05:00.000Z",
    ]);
  });

  it.each([
    ["status=exploded", "status"],
    ["limit=0", "limit"],
    ["limit=5000", "limit"],
    ["since=last-week", "since"],
    ["sort=random", "sort"],
    ["cursor=not-a-cursor", "cursor"],
  ])("answers 400 naming the parameter for %s", async (query, field) => {
    const { status, body } = await get(`/api/v1/jobs?${query}`);
    expect(status).toBe(400);
    expect(body.error?.field).toBe(field);
  });
});

describe("GET /api/v1/jobs/:id", () => {
  it("returns the normalised job", async () => {
    const response = await fetch(`${server.url}/api/v1/jobs/${encodeURIComponent("github:2832853555")}`, {
      headers: adminHeaders,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: "github:2832853555",
      status: "running",
      name: "Test workflow",
    });
  });

  it("answers 404 with a JSON error for an unknown id", async () => {
    const response = await fetch(`${server.url}/api/v1/jobs/github%3A1`, { headers: adminHeaders });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found", field: "id" } });
  });
});

describe("health", () => {
  it("answers /healthz and /readyz", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({
      status: "ready",
      ready: true,
      checks: { database: "ok", migrations: "ok", draining: false },
    });
  });
});

describe("list order of jobs the vendor gave no times", () => {
  it("keeps a job where it was first seen when a later delivery updates it", async () => {
    const clock = manualClock(Date.parse("2025-03-01T12:00:00Z"));
    const timeless = await startTestServer({ clock });
    try {
      const post = async (id: number, status: string) => {
        const body = JSON.parse(fixture("github/workflow_job.queued.1.json").toString());
        Object.assign(body.workflow_job, { id, status, created_at: null, started_at: null });
        expect((await postGithub(timeless.url, JSON.stringify(body))).status).toBe(202);
      };
      await post(1, "queued");
      clock.advance(60_000);
      await post(2, "queued");
      clock.advance(60_000);
      await post(1, "waiting");
      const { items } = await timeless.store.listJobs({ sort: "created", limit: 10 });
      expect(items.map((j) => [j.id, j.status])).toEqual([
        ["github:2", "queued"],
        ["github:1", "waiting"],
      ]);
    } finally {
      await timeless.close();
    }
  });
});

/**
 * Teams and team-scoped access (issue 18), through the real server on both
 * engines: admins manage teams; a key scoped to a team sees only that team's
 * jobs over REST (list, get, runs, metrics) and over Socket.IO while another
 * team's webhook arrives; an admin sees both.
 */
import { io as connect } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CreatedApiKey } from "../../lib/auth";
import type { Job } from "../../lib/job";
import { STORE_ENGINES, type TestDatabase } from "./engines/stores";
import { adminHeaders, fixtureJson, postGithub, startTestServer, type TestServer } from "./helpers";
import { connectAdmin, itemsOf, nextUpdate, type TestClient } from "./live-updates";

const json = { ...adminHeaders, "content-type": "application/json" };

/** A crafted variant of a real `workflow_job` delivery: job `id` (its own run) in `repo`. */
function jobIn(repo: string, id: number): string {
  const body = fixtureJson<{ workflow_job: Record<string, unknown>; repository: Record<string, unknown> }>(
    "github/workflow_job.in_progress.3.json",
  );
  Object.assign(body.workflow_job, { id, run_id: id });
  body.repository.full_name = repo;
  return JSON.stringify(body);
}

describe.each(STORE_ENGINES)("teams on $name", (engine) => {
  let database: TestDatabase;
  let server: TestServer;
  let scoped: { authorization: string };
  const sockets: TestClient[] = [];

  const api = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);
  const post = (path: string, body: unknown, method = "POST") =>
    api(path, { method, headers: json, body: JSON.stringify(body) });

  beforeAll(async () => {
    if (engine.skip) return;
    database = await engine.create();
    server = await startTestServer({
      dataDir: database.dataDir,
      env: database.env,
    });
    expect((await post("/api/v1/teams", { name: "payments", repos: ["acme/payments-*"] })).status).toBe(201);
    expect(
      (await post("/api/v1/teams", { name: "web", repos: ["acme/web"], groups: ["web-devs"] })).status,
    ).toBe(201);
    const created = await post("/api/v1/keys", {
      name: "payments-reader",
      scopes: ["read"],
      teams: ["payments"],
    });
    expect(created.status).toBe(201);
    const { key, secret } = (await created.json()) as CreatedApiKey;
    expect(key.teams).toEqual(["payments"]);
    scoped = { authorization: `Bearer ${secret}` };
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await server?.close();
    await database?.remove();
  });

  it.skipIf(engine.skip !== null)("validates team changes, naming the field", async () => {
    const bad = async (response: Response, status: number, field: string) => {
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { field: string } }).error.field).toBe(field);
    };
    await bad(await post("/api/v1/teams", { name: "Payments!", repos: ["x"] }), 400, "name");
    await bad(await post("/api/v1/teams", { name: "empty" }), 400, "repos");
    await bad(await post("/api/v1/teams", { name: "long", repos: ["x".repeat(301)] }), 400, "repos.0");
    await bad(await post("/api/v1/teams", { name: "payments", repos: ["x"] }), 409, "name");
    await bad(await post("/api/v1/teams/nobody", { repos: ["x"] }, "PUT"), 404, "name");
    await bad(await api("/api/v1/teams/nobody", { method: "DELETE", headers: adminHeaders }), 404, "name");
    await bad(await post("/api/v1/keys", { name: "k", scopes: ["read"], teams: ["nobody"] }), 400, "teams");
    // A key's teams change, and an unknown team or key is refused.
    const keys = (await (await api("/api/v1/keys", { headers: adminHeaders })).json()) as {
      items: { id: string; name: string }[];
    };
    const reader = keys.items.find((k) => k.name === "payments-reader");
    await bad(await post(`/api/v1/keys/${reader?.id}`, { teams: ["nobody"] }, "PATCH"), 400, "teams");
    await bad(await post("/api/v1/keys/000000000000", { teams: [] }, "PATCH"), 404, "id");
    const patched = await post(`/api/v1/keys/${reader?.id}`, { teams: ["web", "payments"] }, "PATCH");
    expect(((await patched.json()) as { teams: string[] }).teams).toEqual(["payments", "web"]);
    await post(`/api/v1/keys/${reader?.id}`, { teams: ["payments"] }, "PATCH");
    // Only admins manage teams.
    expect((await api("/api/v1/teams", { headers: scoped })).status).toBe(403);

    expect((await post("/api/v1/teams", { name: "tmp", sources: ["gitlab"], pools: ["GPU*"] })).status).toBe(
      201,
    );
    const put = await post("/api/v1/teams/tmp", { sources: ["buildkite"] }, "PUT");
    expect(await put.json()).toEqual({
      name: "tmp",
      repos: [],
      sources: ["buildkite"],
      pools: [],
      groups: [],
    });
    expect((await api("/api/v1/teams/tmp", { method: "DELETE", headers: adminHeaders })).status).toBe(204);
    const list = (await (await api("/api/v1/teams", { headers: adminHeaders })).json()) as {
      items: { name: string }[];
    };
    expect(list.items.map((t) => t.name)).toEqual(["payments", "web"]);
    const audit = (await (await api("/api/v1/audit?limit=100", { headers: adminHeaders })).json()) as {
      items: { action: string; target: string | null }[];
    };
    const teamActions = audit.items
      .filter((e) => e.action.startsWith("team."))
      .map((e) => `${e.action} ${e.target}`);
    expect(teamActions.sort()).toEqual(
      [
        "team.created payments",
        "team.created web",
        "team.created tmp",
        "team.updated tmp",
        "team.deleted tmp",
      ].sort(),
    );
  });

  it.skipIf(engine.skip !== null)(
    "shows a scoped key only its team's jobs, over the socket and REST",
    async () => {
      const admin = await connectAdmin(server.url, sockets);
      const mine: TestClient = connect(server.url, {
        transports: ["websocket"],
        forceNew: true,
        auth: { token: scoped.authorization.slice("Bearer ".length) },
      });
      sockets.push(mine);
      await new Promise<void>((resolve, reject) => {
        mine.once("connect", resolve);
        mine.once("connect_error", reject);
      });
      const seen: Job[] = [];
      mine.on("jobs:updated", (payload) => seen.push(...itemsOf("jobs:updated", payload)));
      // Metrics notices are per team too: the first one names only our repository.
      const mineMetrics = new Promise<unknown>((resolve) => mine.once("metrics:updated", resolve));
      const adminSawOther = nextUpdate(admin, "jobs:updated", (j) => j.id === "github:9180001", 5000);
      const adminSawMine = nextUpdate(admin, "jobs:updated", (j) => j.id === "github:9180002", 5000);
      const mineSawMine = nextUpdate(mine, "jobs:updated", (j) => j.id === "github:9180002", 5000);

      // Another team's job first, then ours: ours arriving is the barrier proving the other was not sent.
      expect((await postGithub(server.url, jobIn("acme/web", 9180001))).status).toBe(202);
      await adminSawOther;
      expect((await postGithub(server.url, jobIn("acme/payments-api", 9180002))).status).toBe(202);
      await Promise.all([adminSawMine, mineSawMine]);
      expect(seen.map((j) => j.id)).toEqual(["github:9180002"]);
      expect(await mineMetrics).toMatchObject({ sources: ["github"], repos: ["acme/payments-api"] });

      const get = async (path: string, headers: Record<string, string>) => {
        const response = await api(path, { headers });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      const ids = (body: Record<string, unknown>) => (body.items as { id: string }[]).map((j) => j.id).sort();

      expect(ids((await get("/api/v1/jobs", scoped)).body)).toEqual(["github:9180002"]);
      expect(ids((await get("/api/v1/jobs", adminHeaders)).body)).toEqual([
        "github:9180001",
        "github:9180002",
      ]);
      expect((await get("/api/v1/jobs/github:9180001", scoped)).status).toBe(404);
      expect((await get("/api/v1/jobs/github:9180001/log", scoped)).status).toBe(404);
      expect((await get("/api/v1/jobs/github:9180001/history", scoped)).status).toBe(404);
      expect((await get("/api/v1/jobs/github:9180002", scoped)).body.repo).toBe("acme/payments-api");
      expect((await get("/api/v1/jobs/github:9180001", adminHeaders)).status).toBe(200);
      // Search (q) cannot reach past the scope either.
      expect(ids((await get("/api/v1/jobs?q=acme", scoped)).body)).toEqual(["github:9180002"]);

      // Suggestions come from the caller's own jobs.
      const suggest = async (headers: Record<string, string>) =>
        (await get("/api/v1/jobs/suggestions?field=repo&prefix=acme", headers)).body.items;
      expect(await suggest(scoped)).toEqual(["acme/payments-api"]);
      expect(((await suggest(adminHeaders)) as string[]).sort()).toEqual(["acme/payments-api", "acme/web"]);

      const runRepos = (body: Record<string, unknown>) =>
        (body.items as { repo: string }[]).map((r) => r.repo).sort();
      expect(runRepos((await get("/api/v1/runs", scoped)).body)).toEqual(["acme/payments-api"]);
      expect(runRepos((await get("/api/v1/runs", adminHeaders)).body)).toEqual([
        "acme/payments-api",
        "acme/web",
      ]);

      const running = async (headers: Record<string, string>) =>
        ((await get("/api/v1/metrics/summary?window=24h", headers)).body.counts as { running: number })
          .running;
      expect(await running(scoped)).toBe(1);
      expect(await running(adminHeaders)).toBe(2);
      // The other scoped answers run their SQL on this engine (no alert has fired: empty).
      for (const path of [
        "/api/v1/metrics/queue",
        "/api/v1/metrics/runners",
        "/api/v1/metrics/workflows",
        "/api/v1/metrics/failures",
        "/api/v1/metrics/flaky",
        "/api/v1/metrics/timeseries?window=24h&metric=throughput",
        "/api/v1/runners",
        "/api/v1/usage",
      ])
        expect([path, (await get(path, scoped)).status]).toEqual([path, 200]);
      expect((await get("/api/v1/alerts", scoped)).body.items).toEqual([]);
      expect((await get("/api/v1/alerts/open-count", scoped)).body).toEqual({ open: 0 });
    },
  );
});

/**
 * No team sees another's data anywhere (issue 18, round 2), through the real
 * server: every GET route, walked with a team-scoped key after another team's
 * webhooks, names none of the other team's repositories or pools; sources,
 * pools, alert rules and SLOs follow `server/auth/team-reach.ts`; live
 * `alert:fired` reaches a team's sockets for its own jobs only; and a key's
 * open sockets are ended when its teams change.
 */
import { io as connect } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CreatedApiKey } from "../../lib/auth";
import type { AlertFiredPayload } from "../../lib/events";
import { adminHeaders, fixtureJson, postGithub, startTestServer, type TestServer } from "./helpers";
import { connectAdmin, nextUpdate, type TestClient } from "./live-updates";

const json = { ...adminHeaders, "content-type": "application/json" };
/** The other team's repository and the pool only its jobs run on: neither may appear in a scoped answer. */
const OTHER_REPO = "acme/web";
const OTHER_POOL = "web-only-pool";

type Fixture = { workflow_job: Record<string, unknown>; repository: Record<string, unknown> };

/** A crafted variant of a real `workflow_job` delivery: job `id` (its own run) in `repo`. */
function jobIn(file: string, repo: string, id: number, labels?: string[]): string {
  const body = fixtureJson<Fixture>(`github/${file}`);
  Object.assign(body.workflow_job, { id, run_id: id }, labels ? { labels } : {});
  body.repository.full_name = repo;
  return JSON.stringify(body);
}

describe("team reach", () => {
  let server: TestServer;
  let scopedSecret: string;
  let scopedKeyId: string;
  let poolSecret: string;
  const ids: Record<string, string> = {};
  const sockets: TestClient[] = [];

  const api = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);
  const post = async <T>(path: string, body: unknown, method = "POST"): Promise<T> => {
    const response = await api(path, { method, headers: json, body: JSON.stringify(body) });
    expect([path, response.status]).toEqual([path, method === "POST" ? 201 : 200]);
    return (await response.json()) as T;
  };
  const key = async (name: string, teams: string[]) =>
    post<CreatedApiKey>("/api/v1/keys", { name, scopes: ["read"], teams });
  const socketOf = async (secret: string) => {
    const socket: TestClient = connect(server.url, {
      transports: ["websocket"],
      forceNew: true,
      auth: { token: secret },
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    return socket;
  };
  const jobsSeen = async (count: number) => {
    for (let i = 0; i < 100; i++) {
      const body = (await (await api("/api/v1/jobs", { headers: adminHeaders })).json()) as { items: [] };
      if (body.items.length >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`fewer than ${count} jobs`);
  };

  beforeAll(async () => {
    server = await startTestServer();
    await post("/api/v1/teams", { name: "payments", repos: ["acme/payments-*"] });
    await post("/api/v1/teams", { name: "web", repos: [OTHER_REPO] });
    await post("/api/v1/teams", { name: "web-pool", pools: [OTHER_POOL] });
    const scoped = await key("payments-reader", ["payments"]);
    scopedSecret = scoped.secret;
    scopedKeyId = scoped.key.id;
    poolSecret = (await key("web-pool-reader", ["web-pool"])).secret;
    for (const repo of [OTHER_REPO, "acme/payments-api"]) {
      const rule = await post<{ id: string }>("/api/v1/alert-rules", {
        name: `${repo} failures`,
        kind: "job_state",
        match: { repo },
        on: ["failure"],
        channels: [],
      });
      ids[repo] = rule.id;
    }
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(() => server?.close());

  it("sends alert:fired to the sockets of the team its job belongs to, and to no other team", async () => {
    const admin = await connectAdmin(server.url, sockets);
    const mine = await socketOf(scopedSecret);
    const seen: string[] = [];
    mine.on("alert:fired", (payload) => seen.push(payload.alert.job?.repo ?? "none"));
    const adminAlert = (repo: string) =>
      new Promise<AlertFiredPayload>((resolve) =>
        admin.on("alert:fired", (payload) => {
          if (payload.alert.job?.repo === repo) resolve(payload);
        }),
      );
    const mineAlert = new Promise<AlertFiredPayload>((resolve) => mine.once("alert:fired", resolve));

    // The other team's failure first; ours arriving is the barrier proving the other was not sent.
    const otherFired = adminAlert(OTHER_REPO);
    const otherFailed = jobIn("workflow_job.completed.1.json", OTHER_REPO, 9180201);
    expect((await postGithub(server.url, otherFailed)).status).toBe(202);
    await otherFired;
    const ownFired = adminAlert("acme/payments-api");
    const ownFailed = jobIn("workflow_job.completed.1.json", "acme/payments-api", 9180202);
    expect((await postGithub(server.url, ownFailed)).status).toBe(202);
    await ownFired;
    expect((await mineAlert).alert).toMatchObject({
      ruleName: "acme/payments-api failures",
      state: "firing",
    });
    expect(seen).toEqual(["acme/payments-api"]);
  });

  it("walks every GET route with a scoped key: no answer names another team's repository or pool", async () => {
    // The other team's job waits on its own pool (a queue-depth sample, a known pool for an SLO).
    const queued = jobIn("workflow_job.queued.1.json", OTHER_REPO, 9180301, [OTHER_POOL]);
    expect((await postGithub(server.url, queued)).status).toBe(202);
    const own = jobIn("workflow_job.in_progress.3.json", "acme/payments-api", 9180302);
    expect((await postGithub(server.url, own)).status).toBe(202);
    await jobsSeen(4);
    const slo = await post<{ id: string }>("/api/v1/slos", {
      name: "Web is green",
      objective: { kind: "success_rate", repo: OTHER_REPO },
      target: 90,
    });
    await post("/api/v1/slos", {
      name: "Web pool waits little",
      objective: { kind: "queue_time_p95", pool: OTHER_POOL, maxSeconds: 60 },
      target: 90,
    });
    await post("/api/v1/pools/web-only-pool/kind", { kind: "self-hosted" }, "PUT");

    // Parameters point at the other team's things: a scoped answer must treat them as unknown.
    const params: Record<string, string> = {
      "/api/v1/jobs/:id": "github:9180301",
      "/api/v1/jobs/:id/history": "github:9180301",
      "/api/v1/jobs/:id/log": "github:9180301",
      "/api/v1/runs/:id": "github:9180301",
      "/api/v1/alert-rules/:id": ids[OTHER_REPO] ?? "",
      "/api/v1/slos/:id": slo.id,
      "/api/v1/pools/:pool/demand": OTHER_POOL,
    };
    const queries: Record<string, string[]> = {
      "/api/v1/jobs": ["", "?q=web", `?repo=${OTHER_REPO}`],
      "/api/v1/jobs/suggestions": ["?field=repo&prefix=acme", "?field=label&prefix=web"],
      "/api/v1/metrics/timeseries": ["?window=24h&metric=throughput", "?window=24h&metric=queue_p95"],
      "/api/v1/metrics/queue/depth": ["", `?pool=${OTHER_POOL}`],
      "/api/v1/usage": ["", "?window=24h"],
    };
    const routes = server.routes.filter((r) => r.method === "GET" && r.access === "read");
    expect(routes.length).toBeGreaterThan(25);
    const leaks: string[] = [];
    const adminSaw: string[] = [];
    const statuses: Record<string, number> = {};
    for (const route of routes) {
      const concrete = route.url.replace(/:(\w+)/g, () => encodeURIComponent(params[route.url] ?? "x"));
      for (const query of queries[route.url] ?? [""]) {
        const url = `${concrete}${query}`;
        const scoped = await api(url, { headers: { authorization: `Bearer ${scopedSecret}` } });
        const body = (await scoped.text()).toLowerCase();
        statuses[`${route.url}${query}`] = scoped.status;
        // A 404 echoes the name asked for (and only that): it tells nothing the caller did not send.
        const echo = scoped.status === 404 && body.includes('"code":"not_found"');
        if (!echo && (body.includes(OTHER_REPO) || body.includes(OTHER_POOL))) leaks.push(url);
        const adminBody = (await (await api(url, { headers: adminHeaders })).text()).toLowerCase();
        if (adminBody.includes(OTHER_REPO) || adminBody.includes(OTHER_POOL)) adminSaw.push(route.url);
      }
    }
    expect(leaks).toEqual([]);
    // The walk can fail: an admin's answers do name them.
    expect(adminSaw).toEqual(
      expect.arrayContaining([
        "/api/v1/jobs",
        "/api/v1/jobs/:id",
        "/api/v1/runs",
        "/api/v1/alerts",
        "/api/v1/alert-rules",
        "/api/v1/alert-rules/:id",
        "/api/v1/slos",
        "/api/v1/slos/:id",
        "/api/v1/pools",
        "/api/v1/pools/:pool/demand",
        "/api/v1/metrics/queue",
        "/api/v1/metrics/queue/depth",
        "/api/v1/runners",
        "/metrics",
      ]),
    );
    // Another team's things are unknown, exactly as things that do not exist; fleet-wide answers are refused.
    expect(statuses).toMatchObject({
      "/api/v1/jobs/:id": 404,
      "/api/v1/alert-rules/:id": 404,
      "/api/v1/slos/:id": 404,
      "/api/v1/pools/:pool/demand": 404,
      [`/api/v1/metrics/queue/depth?pool=${OTHER_POOL}`]: 404,
      "/metrics": 403,
    });
    for (const [path, status] of Object.entries(statuses)) expect([path, status < 500]).toEqual([path, true]);

    // Its own rule is listed; sources are not (its team gives repositories only).
    const get = async (path: string, secret: string) =>
      (await (await api(path, { headers: { authorization: `Bearer ${secret}` } })).json()) as {
        items: { name?: string; pool?: string }[];
      };
    expect((await get("/api/v1/alert-rules", scopedSecret)).items.map((r) => r.name)).toEqual([
      "acme/payments-api failures",
    ]);
    expect((await get("/api/v1/sources", scopedSecret)).items).toEqual([]);
    // A team of that pool alone sees the pool, its demand, its SLO, but no repository's rule.
    expect((await get("/api/v1/pools", poolSecret)).items.map((p) => p.pool)).toEqual([OTHER_POOL]);
    expect(
      (await get("/api/v1/slos", poolSecret)).items.map((s) => (s as { slo: { name: string } }).slo.name),
    ).toEqual(["Web pool waits little"]);
    expect((await get("/api/v1/alert-rules", poolSecret)).items).toEqual([]);
    const demand = await api(`/api/v1/pools/${OTHER_POOL}/demand`, {
      headers: { authorization: `Bearer ${poolSecret}` },
    });
    expect(demand.status).toBe(200);
    expect(await demand.json()).toMatchObject({ pool: OTHER_POOL, waiting: 1 });
  });

  it("ends a key's open sockets when its teams change; the reconnection has the new scope", async () => {
    const admin = await connectAdmin(server.url, sockets);
    const mine = await socketOf(scopedSecret);
    const ended = new Promise<string>((resolve) => mine.once("disconnect", resolve));
    await post(`/api/v1/keys/${scopedKeyId}`, { teams: ["web"] }, "PATCH");
    expect(await ended).toBe("io server disconnect");

    const again = await socketOf(scopedSecret);
    const seen: string[] = [];
    again.on("jobs:updated", (payload) => seen.push(...payload.jobs.map((j) => j.id)));
    const againSawWeb = nextUpdate(again, "jobs:updated", (j) => j.id === "github:9180401", 5000);
    const adminSawPayments = nextUpdate(admin, "jobs:updated", (j) => j.id === "github:9180402", 5000);
    const adminSawWeb = nextUpdate(admin, "jobs:updated", (j) => j.id === "github:9180401", 5000);
    const payments = jobIn("workflow_job.in_progress.3.json", "acme/payments-api", 9180402);
    expect((await postGithub(server.url, payments)).status).toBe(202);
    await adminSawPayments;
    const web = jobIn("workflow_job.in_progress.3.json", OTHER_REPO, 9180401);
    expect((await postGithub(server.url, web)).status).toBe(202);
    await Promise.all([againSawWeb, adminSawWeb]);
    expect(seen).toEqual(["github:9180401"]);
    await post(`/api/v1/keys/${scopedKeyId}`, { teams: ["payments"] }, "PATCH");
  });
});

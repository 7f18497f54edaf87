/**
 * N identical nodes, proven with two real Runwatch processes (the server in a
 * child process each, `nodes.ts`) sharing one PostgreSQL database, one Redis
 * and one audit key, and nothing else: a webhook posted to one reaches a
 * dashboard on the other; one delivery posted to both at once is stored and
 * counted once; a dashboard whose node is SIGKILLed recovers what it missed
 * from the other node; SIGKILL mid-burst loses no acknowledged delivery;
 * SIGTERM mid-burst drains with no error a load balancer could not retry,
 * and its dashboard, handed over to the other node, misses no update.
 * Skipped, with the reason printed, without PostgreSQL or Redis binaries;
 * under CI=true their absence fails the run instead.
 */
import { io as connect } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { skipWithoutRedis, startRedis, type TestRedis } from "./engines/redis";
import { STORE_ENGINES, type TestDatabase } from "./engines/stores";
import { UNDER_CI } from "./engines/test-env";
import { adminHeaders, ADMIN_TOKEN, postGithub } from "./helpers";
import { connectAdmin, nextUpdate, type TestClient } from "./live-updates";
import { deliver, missingJobs, queuedJob, startNodes, type NodeGroup, type Outcome } from "./nodes";
import { startTcpProxy } from "./tcp-proxy";

const postgres = STORE_ENGINES.find((engine) => engine.name === "postgres")!;
if (postgres.skip !== null) console.warn(`skipping the two-process node tests: ${postgres.skip}`);
const skip = postgres.skip !== null || skipWithoutRedis(UNDER_CI);

const port = (url: string) => Number(new URL(url).port);

const once = (socket: TestClient, event: "connect" | "disconnect", timeoutMs = 15_000) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, () => {
      clearTimeout(timer);
      resolve();
    });
  });

describe.skipIf(skip)("two Runwatch processes on one PostgreSQL and one Redis", () => {
  let database: TestDatabase;
  let redis: TestRedis;
  const groups: NodeGroup[] = [];
  const clients: TestClient[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const group = await startNodes({ databaseUrl: database.databaseUrl!, redisUrl: redis.url }, 2, env);
    groups.push(group);
    return group.nodes as [NodeGroup["nodes"][number], NodeGroup["nodes"][number]];
  };

  beforeAll(async () => {
    [database, redis] = await Promise.all([postgres.create(), startRedis()]);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    while (cleanups.length > 0) await cleanups.pop()?.();
    for (const group of groups.splice(0)) await group.stopAll();
  });
  afterAll(async () => {
    await redis?.stop();
    await database?.remove();
  });

  it("pushes a webhook posted to one node to a dashboard on the other, and stores a delivery posted to both once", async () => {
    const [a, b] = await start();
    const onB = await connectAdmin(b.url, clients);
    const seen = nextUpdate(onB, "jobs:updated", (job) => job.id === "github:9170001", 10_000);
    expect(await deliver(a.url, queuedJob(9170001))).toBe(202);
    const pushed = await seen;
    expect(pushed.status).toBe("queued");
    const read = await fetch(`${b.url}/api/v1/jobs/github:9170001`, { headers: adminHeaders });
    expect(await read.json()).toEqual(pushed);

    // The same delivery (same X-GitHub-Delivery) to both nodes at the same moment.
    const body = queuedJob(9170002);
    const answers = await Promise.all([
      postGithub(a.url, body, { delivery: "nodes-both" }),
      postGithub(b.url, body, { delivery: "nodes-both" }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([202, 202]);
    const duplicates = await Promise.all(
      answers.map(async (r) => ((await r.json()) as { duplicate: boolean }).duplicate),
    );
    expect(duplicates.sort()).toEqual([false, true]);
    const sources = await fetch(`${a.url}/api/v1/sources`, { headers: adminHeaders });
    const { items } = (await sources.json()) as {
      items: { source: string; counts: Record<string, number> }[];
    };
    // Three posts so far (9170001, nodes-both twice): two stored, the second nodes-both a duplicate.
    expect(items.find((s) => s.source === "github")?.counts).toEqual({
      accepted: 2,
      duplicate: 1,
      ignored: 0,
      rejected: 0,
      invalid: 0,
    });
  }, 120_000);

  it("replays to a dashboard whose node was SIGKILLed what it missed, once it reaches the other node", async () => {
    const [a, b] = await start();
    // The load balancer sends the dashboard to A.
    const proxy = await startTcpProxy(port(a.url));
    cleanups.push(() => proxy.close());
    const dashboard: TestClient = connect(proxy.url, {
      transports: ["websocket"],
      forceNew: true,
      auth: { token: ADMIN_TOKEN },
      reconnectionDelay: 200,
      reconnectionDelayMax: 500,
    });
    clients.push(dashboard);
    await once(dashboard, "connect");
    expect(dashboard.recovered).toBe(false);
    // Narrowed to one repository: the session saved on A must hold the rooms of this filter.
    expect(await dashboard.emitWithAck("subscribe", { repos: ["Codertocat/Hello-World"] })).toEqual({
      ok: true,
    });
    // Recovery resumes from the last event received: receive one first (it crossed from B).
    const first = nextUpdate(dashboard, "jobs:updated", (job) => job.id === "github:9170011", 10_000);
    expect(await deliver(b.url, queuedJob(9170011))).toBe(202);
    await first;

    // A dies without a word; the balancer has no node for the dashboard for now.
    proxy.route(null);
    const dropped = once(dashboard, "disconnect");
    await a.kill();
    await dropped;

    // Meanwhile a job changes on B (a dashboard there sees it, so it is in the shared stream).
    const watcher = await connectAdmin(b.url, clients);
    const replayed: string[] = [];
    dashboard.on("jobs:updated", ({ jobs }) => replayed.push(...jobs.map((job) => job.id)));
    const missed = nextUpdate(dashboard, "jobs:updated", (job) => job.id === "github:9170012", 20_000);
    const outside = nextUpdate(watcher, "jobs:updated", (job) => job.id === "github:9170013", 10_000);
    const live = nextUpdate(watcher, "jobs:updated", (job) => job.id === "github:9170012", 10_000);
    // First a job of another repository (outside the filter), then one inside it.
    expect(await deliver(b.url, queuedJob(9170013, "Codertocat/Elsewhere"))).toBe(202);
    await outside;
    expect(await deliver(b.url, queuedJob(9170012))).toBe(202);
    await live;

    proxy.route(port(b.url));
    await once(dashboard, "connect");
    expect(dashboard.recovered).toBe(true);
    expect((await missed).status).toBe("queued");
    // Replayed in order, by the rooms of its filter: the other repository's job was not for it.
    expect(replayed).toEqual(["github:9170012"]);
  }, 120_000);

  it("loses no acknowledged delivery when a node is SIGKILLed mid-burst", async () => {
    const [a, b] = await start();
    const TOTAL = 200;
    const KILL_AFTER = 50;
    const acked: number[] = [];
    const onB: Outcome[] = [];
    let ackedByA = 0;
    let next = 0;
    // Half the senders post to A, half to B, until the burst is spent or their node is gone.
    const worker = async (url: string, fromA: boolean) => {
      while (next < TOTAL) {
        const id = 9_171_000 + next++;
        const outcome = await deliver(url, queuedJob(id));
        if (!fromA) onB.push(outcome);
        if (outcome === 202) {
          acked.push(id);
          if (fromA && ++ackedByA === KILL_AFTER) a.child.kill("SIGKILL");
        }
        if (fromA && outcome === "none") return;
      }
    };
    await Promise.all(Array.from({ length: 24 }, (_, i) => worker(i % 2 ? b.url : a.url, i % 2 === 0)));
    await a.kill();
    expect(ackedByA).toBeGreaterThanOrEqual(KILL_AFTER);
    // The survivor answered every delivery it was sent.
    expect(onB.filter((outcome) => outcome !== 202)).toEqual([]);
    expect(await missingJobs(b.url, acked)).toEqual([]);
  }, 120_000);

  it("drains a node on SIGTERM mid-burst with no error its clients cannot retry on the other node", async () => {
    const GRACE_SECONDS = 10;
    const [a, b] = await start({ RUNWATCH_SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) });
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      a.child.once("exit", (code) => resolve({ code, at: Date.now() })),
    );
    // A dashboard behind the load balancer, on A until A is taken out.
    const proxy = await startTcpProxy(port(a.url));
    cleanups.push(() => proxy.close());
    const dashboard: TestClient = connect(proxy.url, {
      transports: ["websocket"],
      forceNew: true,
      auth: { token: ADMIN_TOKEN },
      reconnectionDelay: 200,
      reconnectionDelayMax: 500,
    });
    clients.push(dashboard);
    const pushed = new Set<string>();
    let toldDraining = false;
    dashboard.on("jobs:updated", ({ jobs }) => jobs.forEach((job) => pushed.add(job.id)));
    dashboard.on("server:draining", () => (toldDraining = true));
    await once(dashboard, "connect");

    const TOTAL = 200;
    const SIGNAL_AFTER = 50;
    /** What A answered, per job id; what B answered to the senders moved to it. */
    const fromA = new Map<number, Outcome>();
    const refusals: { code: string; retryAfter: string | null }[] = [];
    const fromB = new Map<number, Outcome>();
    let ackedByA = 0;
    let signalledAt = 0;
    let next = 0;
    // Each sender posts to A, as a load balancer would, until A refuses or drops it; the
    // balancer then sends that delivery and everything after it to B.
    const worker = async () => {
      let target = a.url;
      while (next < TOTAL) {
        const id = 9_172_000 + next++;
        const body = queuedJob(id);
        const delivery = `drain-${id}`;
        if (target === a.url) {
          const outcome = await postGithub(a.url, body, { delivery }).then(
            async (response) => {
              if (response.status === 503) {
                const { error } = (await response.json()) as { error: { code: string } };
                refusals.push({ code: error.code, retryAfter: response.headers.get("retry-after") });
              } else await response.arrayBuffer();
              return response.status;
            },
            () => "none" as const,
          );
          fromA.set(id, outcome);
          if (outcome === 202 && ++ackedByA === SIGNAL_AFTER) {
            signalledAt = Date.now();
            // The balancer takes A out as it is told to stop: new connections go to B.
            proxy.route(port(b.url));
            a.child.kill("SIGTERM");
          }
          if (outcome === 202) continue;
          target = b.url;
          // An unanswered delivery is resent once A is gone (below): it may not be resent blindly.
          if (outcome === "none") continue;
        }
        fromB.set(id, await deliver(b.url, body, delivery));
      }
    };
    await Promise.all(Array.from({ length: 24 }, worker));
    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(GRACE_SECONDS * 1000);

    const answeredByA = [...fromA.values()];
    // A answered only 202, or refused with 503 + Retry-After before accepting (nothing stored).
    expect(answeredByA.filter((s) => s !== 202 && s !== 503 && s !== "none")).toEqual([]);
    expect(refusals.filter((r) => r.code !== "shutting_down" || r.retryAfter === null)).toEqual([]);
    // A request A accepted was answered: what got no answer was not stored by A.
    const unanswered = [...fromA].filter(([, s]) => s === "none").map(([id]) => id);
    expect((await missingJobs(b.url, unanswered)).sort()).toEqual(unanswered.sort());
    for (const id of unanswered) fromB.set(id, await deliver(b.url, queuedJob(id), `drain-${id}`));
    // So every delivery of the burst was acknowledged once, by A or by B after the balancer moved it.
    expect([...fromB.values()].filter((s) => s !== 202)).toEqual([]);
    const acked = [...[...fromA].filter(([, s]) => s === 202), ...fromB].map(([id]) => id);
    expect(new Set(acked).size).toBe(TOTAL);
    expect(await missingJobs(b.url, acked)).toEqual([]);
    // The dashboard was told, handed over to B, recovered there, and shown every acknowledged job.
    expect(toldDraining).toBe(true);
    await expect.poll(() => dashboard.connected, { timeout: 20_000 }).toBe(true);
    expect(dashboard.recovered).toBe(true);
    await expect
      .poll(() => acked.filter((id) => !pushed.has(`github:${id}`)), { timeout: 15_000 })
      .toEqual([]);
    console.log(
      `nodes drain: A acknowledged ${ackedByA}, refused ${refusals.length} (503), left ${unanswered.length} unanswered; ` +
        `B took ${fromB.size}; A exited ${at - signalledAt} ms after SIGTERM`,
    );
  }, 120_000);
});

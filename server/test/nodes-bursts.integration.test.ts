/**
 * Two real Runwatch processes on one PostgreSQL and one Redis (`nodes.ts`),
 * one of them stopped mid-burst: SIGKILL loses no acknowledged delivery (every
 * 2xx is read back through the survivor's API); SIGTERM drains with no error
 * a load balancer could not retry on the survivor, exits 0 in its grace
 * period, and its dashboard, handed over to the survivor, is recovered there
 * and misses no update. Skipped, with the reason printed, without PostgreSQL
 * or Redis binaries; under CI=true their absence fails the run.
 */
import { io as connect } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { ADMIN_TOKEN, postGithub } from "./helpers";
import type { TestClient } from "./live-updates";
import { once, portOf, skipNodeTests, useNodePair } from "./node-pair";
import { deliver, missingJobs, queuedJob, type Outcome } from "./nodes";
import { startTcpProxy } from "./tcp-proxy";

describe.skipIf(skipNodeTests("the two-process burst tests"))("a node of two stopped mid-burst", () => {
  const { start, clients, cleanups } = useNodePair();

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
    const proxy = await startTcpProxy(portOf(a.url));
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
    const failures = new Map<string, number>();
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
            (error: unknown) => {
              // Refused (the listener is closed: a balancer moves on) or reset on a connection A held.
              const code = (error as { cause?: { code?: string } }).cause?.code ?? "unknown";
              failures.set(code, (failures.get(code) ?? 0) + 1);
              return "none" as const;
            },
          );
          fromA.set(id, outcome);
          if (outcome === 202 && ++ackedByA === SIGNAL_AFTER) {
            signalledAt = Date.now();
            // The balancer takes A out as it is told to stop: new connections go to B.
            proxy.route(portOf(b.url));
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
      `nodes drain: A acknowledged ${ackedByA}, refused ${refusals.length} (503), left ${unanswered.length} unanswered ` +
        `(${JSON.stringify(Object.fromEntries(failures))}); ` +
        `B took ${fromB.size}; A exited ${at - signalledAt} ms after SIGTERM`,
    );
  }, 120_000);
});

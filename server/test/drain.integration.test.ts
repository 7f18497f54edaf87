/**
 * Graceful drain under load, with the real server in a child process: a burst
 * of signed deliveries from 48 concurrent clients and a connected
 * `socket.io-client`, then SIGTERM mid-burst. Every request that got an
 * answer got 202 or 503 (no other status); every request that got none (its
 * connection refused or closed before it was read) was not stored, so no
 * delivery was processed behind a client's back; every 202 is in the database
 * afterwards; the live client was told `server:draining`, then received the
 * update of every acknowledged delivery, then lost its connection with a
 * reason after which Socket.IO reconnects by itself; the process exits 0
 * within the grace period. On SQLite and on PostgreSQL.
 */
import { io as connect } from "socket.io-client";
import { afterEach, expect, it } from "vitest";
import { spawnServer } from "./child";
import { describeEachEngine } from "./engines/stores";
import { ADMIN_TOKEN, fixtureJson, postGithub } from "./helpers";
import type { TestClient } from "./live-updates";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function jobBody(id: number): string {
  const body = fixtureJson<{ workflow_job: Record<string, unknown> }>("github/workflow_job.queued.1.json");
  Object.assign(body.workflow_job, { id, run_id: id });
  return JSON.stringify(body);
}

/** What a live client saw, in order. */
type Seen = { kind: "jobs"; ids: string[] } | { kind: "draining" } | { kind: "disconnect"; reason: string };

describeEachEngine("SIGTERM mid-burst", (engine) => {
  it("answers only 202 or 503, stores every 202, tells live clients, flushes their updates, and exits 0 in time", async () => {
    const database = await engine.create();
    cleanups.push(() => database.remove());
    const GRACE_SECONDS = 10;
    const child = await spawnServer(database.dataDir, {
      RUNWATCH_RATE_LIMIT_WEBHOOK: "1000000",
      RUNWATCH_SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
      ...database.env,
    });
    cleanups.push(() => (child.child.exitCode === null ? child.kill() : undefined));
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      child.child.once("exit", (code) => resolve({ code, at: Date.now() })),
    );

    const socket: TestClient = connect(child.url, {
      transports: ["websocket"],
      forceNew: true,
      auth: { token: ADMIN_TOKEN },
    });
    cleanups.push(() => void socket.disconnect());
    const seen: Seen[] = [];
    let activeAfterDisconnect: boolean | null = null;
    socket.on("jobs:updated", ({ jobs }) => seen.push({ kind: "jobs", ids: jobs.map((job) => job.id) }));
    socket.on("server:draining", () => seen.push({ kind: "draining" }));
    socket.on("disconnect", (reason) => {
      seen.push({ kind: "disconnect", reason });
      // Still active: Socket.IO reconnects with its backoff on its own (it would not after a server kick).
      activeAfterDisconnect ??= socket.active;
      socket.io.opts.reconnection = false;
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });

    const TOTAL = 800;
    const SIGNAL_AFTER = 150;
    const answers = new Map<number, number | "none">();
    let acks = 0;
    let signalledAt = 0;
    let next = 0;
    const worker = async () => {
      while (next < TOTAL) {
        const id = 9_300_000 + next++;
        const status = await postGithub(child.url, jobBody(id)).then(
          (response) => response.status,
          () => "none" as const,
        );
        answers.set(id, status);
        if (status === 202 && ++acks === SIGNAL_AFTER) {
          signalledAt = Date.now();
          child.child.kill("SIGTERM");
        }
        // Once the server is gone, nothing more is worth sending.
        if (status === "none" && signalledAt > 0) return;
      }
    };
    await Promise.all(Array.from({ length: 48 }, worker));
    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(GRACE_SECONDS * 1000);

    const statuses = [...answers.values()];
    expect(statuses.filter((status) => status !== 202 && status !== 503 && status !== "none")).toEqual([]);
    const acked = [...answers].filter(([, status]) => status === 202).map(([id]) => id);
    const unanswered = [...answers].filter(([, status]) => status === "none").map(([id]) => id);
    expect(acked.length).toBeGreaterThanOrEqual(SIGNAL_AFTER);

    const store = await database.open();
    try {
      const stored = async (id: number) => (await store.getJob(`github:${id}`)) !== null;
      const lost: number[] = [];
      for (const id of acked) if (!(await stored(id))) lost.push(id);
      expect(lost).toEqual([]);
      const processedUnanswered: number[] = [];
      for (const id of unanswered) if (await stored(id)) processedUnanswered.push(id);
      expect(processedUnanswered).toEqual([]);
    } finally {
      await store.close();
    }

    // The notice, then (among other updates) every acknowledged job, then the connection closed.
    const drainingAt = seen.findIndex((event) => event.kind === "draining");
    const disconnectAt = seen.findIndex((event) => event.kind === "disconnect");
    expect(drainingAt).toBeGreaterThanOrEqual(0);
    expect(disconnectAt).toBeGreaterThan(drainingAt);
    expect(seen[disconnectAt]).toEqual({ kind: "disconnect", reason: "transport close" });
    expect(activeAfterDisconnect).toBe(true);
    const pushed = new Set(
      seen.slice(0, disconnectAt).flatMap((event) => (event.kind === "jobs" ? event.ids : [])),
    );
    expect(acked.filter((id) => !pushed.has(`github:${id}`))).toEqual([]);
    console.log(
      `drain on ${engine.name}: ${acked.length} acknowledged, ${statuses.filter((s) => s === 503).length} refused 503, ` +
        `${unanswered.length} unanswered; exit ${at - signalledAt} ms after SIGTERM`,
    );
  }, 120_000);
});

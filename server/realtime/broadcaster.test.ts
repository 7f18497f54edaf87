/**
 * The broadcaster's ticks, driven by a manual clock, over a real Socket.IO
 * server and real clients: the first change goes out at once, a burst is
 * coalesced into one message per tick, nothing is lost, and each client
 * receives each change it matches exactly once.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ClientToServerEvents, ServerToClientEvents, SubscribeFilter } from "../../lib/events";
import type { Job, JobStatus } from "../../lib/job";
import { manualClock } from "../domain/clock";
import { DomainEvents } from "../domain/events";
import { itemsOf, nextUpdate } from "../test/live-updates";
import { startBroadcaster, type BroadcastTimers } from "./broadcaster";
import type { RealtimeServer } from "./realtime-server";
import { createSocketServer } from "./socket-server";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Timers that fire only when the test advances their clock; counts the callbacks
 * run. `cost` is how long a callback (a flush) takes: read at its start, the
 * clock says when it began; read again, when it ended.
 */
function manualTimers() {
  let now = 0;
  let ran = 0;
  let queue: { at: number; run: () => void; live: boolean }[] = [];
  let readsInRun: number | null = null;
  const timers: BroadcastTimers & { advance(ms: number): void; ran(): number; cost: number } = {
    cost: 0,
    now: () => (readsInRun === null || readsInRun++ === 0 ? now : now + timers.cost),
    after(ms, run) {
      const timer = { at: now + Math.max(0, ms), run, live: true };
      queue.push(timer);
      return () => {
        timer.live = false;
      };
    },
    advance(ms) {
      now += ms;
      for (;;) {
        const due = queue.filter((t) => t.live && t.at <= now).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        due.live = false;
        ran++;
        readsInRun = 0;
        due.run();
        readsInRun = null;
        now += timers.cost;
      }
      queue = queue.filter((t) => t.live);
    },
    ran: () => ran,
  };
  return timers;
}

let httpServer: HttpServer;
let io: RealtimeServer;
let events: DomainEvents;
let timers: ReturnType<typeof manualTimers>;
let stop: () => void;
let url: string;
const clients: Client[] = [];

beforeEach(async () => {
  httpServer = createServer();
  io = createSocketServer(httpServer);
  events = new DomainEvents();
  timers = manualTimers();
  stop = startBroadcaster(io, events, {
    clock: manualClock(),
    runnerOfflineAfterMs: 60_000,
    tickMs: 50,
    metricsIntervalMs: 1_000_000,
    timers,
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  stop();
  await io.close();
});

/** A connected client, subscribed to `filter` when given. */
async function client(filter?: SubscribeFilter): Promise<Client> {
  const socket: Client = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  if (filter) expect(await socket.emitWithAck("subscribe", filter)).toEqual({ ok: true });
  return socket;
}

/** The ids (with status) of every `jobs:updated` message the socket receives, one list per message. */
function messages(socket: Client): string[][] {
  const seen: string[][] = [];
  socket.on("jobs:updated", (payload) =>
    seen.push(itemsOf("jobs:updated", payload).map((j) => `${j.id}@${j.status}`)),
  );
  return seen;
}

const job = (n: number, patch: Partial<Job> = {}): Job => ({
  id: `github:${n}`,
  source: "github",
  repo: "octo/app",
  workflow: "CI",
  name: "test",
  runId: "77",
  attempt: 1,
  branch: "main",
  sha: "3484a3fb816e0859fd6e1cea078d76385ff50625",
  status: "queued",
  queuedAt: "2025-12-31T23:59:00.000Z",
  startedAt: null,
  finishedAt: null,
  queueMs: null,
  durationMs: null,
  runner: { name: null, group: null, labels: ["linux"] },
  url: null,
  failure: null,
  steps: [],
  ...patch,
});

const publish = (...jobs: Job[]) => {
  for (const j of jobs) events.emit("job.changed", { job: j, previous: null });
};

const arrived = (socket: Client, id: string, status: JobStatus) =>
  nextUpdate(socket, "jobs:updated", (j) => j.id === id && j.status === status);

describe("leading-edge ticks", () => {
  it("sends the first change after a quiet tick at once, without waiting for the tick", async () => {
    const socket = await client();
    const seen = messages(socket);
    timers.advance(1000);
    const done = arrived(socket, "github:1", "queued");
    publish(job(1));
    // "At once" is the next turn of the event loop: no time passes on the clock.
    timers.advance(0);
    expect(timers.ran()).toBe(1);
    await done;
    expect(seen).toEqual([["github:1@queued"]]);
  });

  it("coalesces a burst to one message per tick, with the latest state of each job, in order", async () => {
    const socket = await client();
    const seen = messages(socket);
    publish(job(1));
    timers.advance(0);
    // Within the tick that flush opened: held until it ends, the last state of a job winning.
    timers.advance(10);
    publish(job(2), job(3, { status: "running" }));
    timers.advance(10);
    publish(job(2, { status: "running" }), job(4));
    timers.advance(29);
    expect(timers.ran()).toBe(1);
    const done = arrived(socket, "github:4", "queued");
    timers.advance(1);
    expect(timers.ran()).toBe(2);
    await done;
    expect(seen).toEqual([["github:1@queued"], ["github:3@running", "github:2@running", "github:4@queued"]]);
  });

  it("stretches the tick to four times what a flush costs", async () => {
    const socket = await client();
    const seen = messages(socket);
    timers.cost = 20;
    publish(job(1));
    timers.advance(0);
    // The flush began at 0 and took 20 ms: the next may start at 80, not 50.
    publish(job(2));
    timers.advance(59);
    expect(timers.ran()).toBe(1);
    const done = arrived(socket, "github:2", "queued");
    timers.advance(1);
    expect(timers.ran()).toBe(2);
    await done;
    expect(seen).toEqual([["github:1@queued"], ["github:2@queued"]]);
  });

  it("loses nothing over many ticks: every job's last state arrives", async () => {
    const socket = await client();
    const last = new Map<string, string>();
    socket.on("jobs:updated", (payload) => {
      for (const j of itemsOf("jobs:updated", payload)) last.set(j.id, j.status);
    });
    const statuses: JobStatus[] = ["queued", "running", "success", "failure"];
    // A fixed pseudo-random walk: changes land at uneven times, across and within ticks.
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const expected = new Map<string, string>();
    for (let i = 0; i < 300; i++) {
      const n = Math.floor(random() * 40);
      const status = statuses[Math.floor(random() * statuses.length)] ?? "queued";
      publish(job(n, { status }));
      expected.set(`github:${n}`, status);
      timers.advance(Math.floor(random() * 30));
    }
    const done = arrived(socket, "github:999", "success");
    publish(job(999, { status: "success" }));
    timers.advance(50);
    await done;
    expected.set("github:999", "success");
    expect(Object.fromEntries(last)).toEqual(Object.fromEntries(expected));
  });
});

describe("room batches", () => {
  it("sends each room set only its changes, and each client each matching change once", async () => {
    // In two matching rooms at once ([github, linux] and [github, gpu]).
    const both = await client({ sources: ["github"], labels: ["linux", "gpu"] });
    const gpu = await client({ labels: ["gpu"] });
    const octo = await client({ repos: ["octo/app"] });
    const everything = await client();
    const seen = {
      both: messages(both),
      gpu: messages(gpu),
      octo: messages(octo),
      all: messages(everything),
    };

    const a = job(1, { runner: { name: null, group: null, labels: ["linux", "gpu"] } });
    const b = job(2, { runner: { name: null, group: null, labels: ["gpu"] }, repo: "octo/other" });
    const c = job(3, { source: "gitlab", id: "gitlab:3" });
    const d = job(4);
    const done = Promise.all([
      arrived(both, "github:4", "queued"),
      arrived(gpu, "github:2", "queued"),
      arrived(octo, "github:4", "queued"),
      arrived(everything, "github:4", "queued"),
    ]);
    publish(a, b, c, d);
    timers.advance(0);
    await done;

    expect(seen.both).toEqual([["github:1@queued"], ["github:2@queued"], ["github:4@queued"]]);
    expect(seen.gpu).toEqual([["github:1@queued"], ["github:2@queued"]]);
    expect(seen.octo).toEqual([["github:1@queued"], ["gitlab:3@queued"], ["github:4@queued"]]);
    // One message per distinct set of live rooms: 1, 3 and 4 differ only in rooms someone is in.
    expect(seen.all).toEqual([
      ["github:1@queued"],
      ["github:2@queued"],
      ["gitlab:3@queued"],
      ["github:4@queued"],
    ]);
  });

  it("sends changes that differ only in rooms no one is in together", async () => {
    const everything = await client();
    const seen = messages(everything);
    const done = arrived(everything, "gitlab:3", "queued");
    publish(job(1), job(2, { repo: "octo/other" }), job(3, { source: "gitlab", id: "gitlab:3" }));
    timers.advance(0);
    await done;
    expect(seen).toEqual([["github:1@queued", "github:2@queued", "gitlab:3@queued"]]);
  });
});

describe("queue ETAs", () => {
  const eta = {
    startAt: "2026-01-01T00:05:00.000Z",
    low: "2026-01-01T00:03:00.000Z",
    high: "2026-01-01T00:09:00.000Z",
    basis: "position 1 of 1, 2 runners",
  };

  it("sends a job whose ETA moved, with it", async () => {
    const socket = await client();
    const update = nextUpdate(socket, "jobs:updated", (j) => j.id === "github:1");
    events.emit("jobs.estimated", { jobs: [job(1, { eta })] });
    timers.advance(0);
    expect((await update).eta).toEqual(eta);
  });

  it("keeps a newer pending change's state: a job that started gets no ETA", async () => {
    const socket = await client();
    const seen = messages(socket);
    timers.advance(1000);
    publish(job(1), job(2));
    timers.advance(0);
    await arrived(socket, "github:2", "queued");
    // Within the tick: job 1 starts, then a stale estimate of it (read before it started) arrives.
    publish(job(1, { status: "running" }));
    events.emit("jobs.estimated", { jobs: [job(1, { eta })] });
    const update = arrived(socket, "github:1", "running");
    timers.advance(50);
    expect((await update).eta).toBeUndefined();
    expect(seen).toEqual([["github:1@queued", "github:2@queued"], ["github:1@running"]]);
  });
});

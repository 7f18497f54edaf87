/**
 * `subscribe` over a real Socket.IO server on a spare port, reached with the
 * real client: which updates a filter lets through, and which filters are
 * refused with what answer. Updates come from real domain events through the
 * real broadcaster; no store or HTTP is involved.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseServerEvent, type ClientToServerEvents, type ServerToClientEvents } from "../../lib/events";
import type { Job, JobSource } from "../../lib/job";
import type { Runner } from "../../lib/runner";
import { manualClock } from "../domain/clock";
import { DomainEvents } from "../domain/events";
import { nextUpdate } from "../test/live-updates";
import { startBroadcaster } from "./broadcaster";
import type { RealtimeServer } from "./realtime-server";
import { createSocketServer } from "./socket-server";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const NOW = "2026-01-01T00:00:00.000Z";
let httpServer: HttpServer;
let io: RealtimeServer;
let stopBroadcaster: () => void;
let url: string;
const events = new DomainEvents();
const clients: Client[] = [];

beforeAll(async () => {
  httpServer = createServer();
  io = createSocketServer(httpServer);
  stopBroadcaster = startBroadcaster(io, events, {
    clock: manualClock(Date.parse(NOW)),
    runnerOfflineAfterMs: 60_000,
    tickMs: 5,
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(async () => {
  stopBroadcaster();
  await io.close();
});

async function client(): Promise<Client> {
  const socket: Client = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

type Watched = "jobs:updated" | "runners:updated";

/** Every payload of `event` the socket receives from now on, each checked as the browser checks it. */
function received(socket: Client, event: Watched): unknown[] {
  const seen: unknown[] = [];
  socket.on(event, (payload: unknown) => seen.push(parseServerEvent(event, payload)));
  return seen;
}

/** Resolves once the socket has received `event` about the job or runner `id`. */
async function arrives(socket: Client, event: Watched, id: string): Promise<void> {
  await nextUpdate(socket, event, (item) => item.id === id);
}

const job = (source: JobSource, n: number, labels = ["linux"]): Job => ({
  id: `${source}:${n}`,
  source,
  repo: "octo/app",
  workflow: "CI",
  name: "test",
  runId: "77",
  attempt: 1,
  branch: "main",
  sha: "3484a3fb816e0859fd6e1cea078d76385ff50625",
  status: "running",
  queuedAt: "2025-12-31T23:59:00.000Z",
  startedAt: "2025-12-31T23:59:30.000Z",
  finishedAt: null,
  queueMs: 30000,
  durationMs: null,
  runner: { name: "r1", group: null, labels },
  url: null,
  failure: null,
  steps: [],
});

const runner = (source: JobSource): Runner => ({
  id: `${source}:r1`,
  source,
  name: "r1",
  group: null,
  labels: ["linux"],
  status: "busy",
  currentJobId: `${source}:1`,
  lastSeenAt: NOW,
  connected: null,
  kind: "self-hosted",
  kindSource: "activity",
  retired: false,
});

const publish = (...jobs: Job[]) => {
  for (const j of jobs) events.emit("job.changed", { job: j, previous: null });
};

describe("subscribe by source", () => {
  it("lets through the subscribed source's jobs and runners, not another's", async () => {
    const github = await client();
    expect(await github.emitWithAck("subscribe", { sources: ["github"] })).toEqual({ ok: true });
    const everything = await client();
    const githubJobs = received(github, "jobs:updated");
    const githubRunners = received(github, "runners:updated");
    const allJobs = received(everything, "jobs:updated");

    // One flush: the broadcaster sends jobs then runners, each list in arrival order.
    const done = Promise.all([
      arrives(github, "runners:updated", "github:r1"),
      arrives(everything, "jobs:updated", "github:2"),
    ]);
    events.emit("runner.changed", { runner: runner("gitlab"), previous: null });
    events.emit("runner.changed", { runner: runner("github"), previous: null });
    publish(job("gitlab", 1), job("github", 2));
    await done;

    expect(githubJobs).toEqual([{ version: 1, jobs: [job("github", 2)] }]);
    expect(githubRunners).toEqual([{ version: 1, runners: [runner("github")] }]);
    // Bound for different rooms (only github's reaches the narrowed client), they travel apart.
    expect(allJobs).toEqual([
      { version: 1, jobs: [job("gitlab", 1)] },
      { version: 1, jobs: [job("github", 2)] },
    ]);
  });

  it("combines sources with labels: a job must match both", async () => {
    const socket = await client();
    expect(await socket.emitWithAck("subscribe", { sources: ["gitlab"], labels: ["gpu"] })).toEqual({
      ok: true,
    });
    const seen = received(socket, "jobs:updated");
    const done = arrives(socket, "jobs:updated", "gitlab:13");
    publish(job("gitlab", 11), job("github", 12, ["gpu"]), job("gitlab", 13, ["gpu", "linux"]));
    await done;
    expect(seen).toEqual([{ version: 1, jobs: [job("gitlab", 13, ["gpu", "linux"])] }]);
  });
});

describe("subscription limits", () => {
  const repos = Array.from({ length: 25 }, (_, i) => `octo/r${i}`);
  const labels = Array.from({ length: 25 }, (_, i) => `l${i}`);

  it("accepts 50 values across the lists, and the client then gets what matches", async () => {
    const socket = await client();
    // 48 × 2 = 96 rooms: within the 100-room cap (625 rooms are refused: socket-edges integration test).
    const manyRepos = Array.from({ length: 48 }, (_, i) => `octo/r${i}`);
    expect(await socket.emitWithAck("subscribe", { repos: manyRepos, labels: ["l23", "l24"] })).toEqual({
      ok: true,
    });
    const seen = received(socket, "jobs:updated");
    const match = { ...job("github", 21, ["l24"]), repo: "octo/r0" };
    const done = arrives(socket, "jobs:updated", "github:21");
    publish(job("github", 20, ["l24"]), match);
    await done;
    expect(seen).toEqual([{ version: 1, jobs: [match] }]);
  });

  it("refuses 51 values and keeps the previous subscription", async () => {
    const socket = await client();
    expect(await socket.emitWithAck("subscribe", { sources: ["github"] })).toEqual({ ok: true });
    expect(await socket.emitWithAck("subscribe", { repos, labels, sources: ["gitlab"] })).toEqual({
      ok: false,
      error: "a subscription may list at most 50 values",
    });
    const seen = received(socket, "jobs:updated");
    const done = arrives(socket, "jobs:updated", "github:31");
    publish(job("gitlab", 30), job("github", 31));
    await done;
    expect(seen).toEqual([{ version: 1, jobs: [job("github", 31)] }]);
  });

  it("refuses a repo or label longer than 300 characters", async () => {
    const socket = await client();
    expect(await socket.emitWithAck("subscribe", { repos: ["o/" + "x".repeat(299)] })).toEqual({
      ok: false,
      error: "repos.0: Too big: expected string to have <=300 characters",
    });
  });
});

describe("invalid subscriptions", () => {
  it.each([
    [
      { sources: ["github", "travis"] },
      'sources.1: Invalid option: expected one of "github"|"gitlab"|"buildkite"|"jenkins"|"generic"',
    ],
    [{ repos: "octo/app" }, "repos: Invalid input: expected array, received string"],
    [{ labels: [7] }, "labels.0: Invalid input: expected string, received number"],
    [{ labels: [""] }, "labels.0: Too small: expected string to have >=1 characters"],
    [null, "Invalid input: expected object, received null"],
    ["github", "Invalid input: expected object, received string"],
  ])("refuses %j, naming the field", async (filter, error) => {
    const socket = await client();
    // The payload is deliberately outside the contract's types: that is what the server must refuse.
    expect(await socket.emitWithAck("subscribe", filter as never)).toEqual({ ok: false, error });
  });
});

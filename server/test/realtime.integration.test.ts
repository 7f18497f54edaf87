/** Live updates over a real Socket.IO connection to the real server. */
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  parseServerEvent,
  type ClientToServerEvents,
  type JobUpdatedPayload,
  type ServerToClientEvents,
} from "../../lib/events";
import { ADMIN_TOKEN, fixture, postGithub, startTestServer, type TestServer } from "./helpers";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let server: TestServer;
const clients: Client[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(() => server.close());

async function client(): Promise<Client> {
  const socket: Client = connect(server.url, {
    transports: ["websocket"],
    forceNew: true,
    auth: { token: ADMIN_TOKEN },
  });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

/** Collects `job:updated` payloads until `predicate` holds. */
function waitForUpdate(socket: Client, predicate: (p: JobUpdatedPayload) => boolean, timeoutMs = 5000) {
  return new Promise<JobUpdatedPayload>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no matching job:updated")), timeoutMs);
    const listener = (payload: JobUpdatedPayload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off("job:updated", listener);
      resolve(payload);
    };
    socket.on("job:updated", listener);
  });
}

const variant = (name: string, id: number, patch: Record<string, unknown> = {}) => {
  const body = JSON.parse(fixture(`github/${name}`).toString());
  Object.assign(body.workflow_job, { id, ...patch });
  return JSON.stringify(body);
};

describe("job:updated", () => {
  it("pushes the stored job, with a version, when a webhook changes it", async () => {
    const socket = await client();
    const received = waitForUpdate(socket, (p) => p.job.id === "github:8100001");
    expect((await postGithub(server.url, variant("workflow_job.in_progress.3.json", 8100001))).status).toBe(
      202,
    );
    const payload = await received;
    expect(payload.version).toBe(1);
    expect(payload.job).toEqual(await server.store.getJob("github:8100001"));
    expect(payload.job.status).toBe("running");
    // What the server sends is what the browser's check accepts, unchanged.
    expect(parseServerEvent("job:updated", payload)).toEqual(payload);
  });

  it("sends nothing for a duplicate or for a stale event that changes nothing", async () => {
    const completed = variant("workflow_job.completed.2.json", 8100002);
    const socket = await client();
    const first = waitForUpdate(socket, (p) => p.job.id === "github:8100002");
    await postGithub(server.url, completed, { delivery: "rt-dup" });
    await first;
    const extra: JobUpdatedPayload[] = [];
    socket.on("job:updated", (p) => extra.push(p));
    await postGithub(server.url, completed, { delivery: "rt-dup" });
    await postGithub(
      server.url,
      variant("workflow_job.completed.2.json", 8100002, {
        status: "in_progress",
        conclusion: null,
        completed_at: null,
      }),
    );
    // A marker job proves the broadcaster ran after both posts.
    const marker = waitForUpdate(socket, (p) => p.job.id === "github:8100003");
    await postGithub(server.url, variant("workflow_job.queued.1.json", 8100003));
    await marker;
    expect(extra.filter((p) => p.job.id === "github:8100002")).toEqual([]);
  });

  it("coalesces a burst of changes to one job into one message with its latest state", async () => {
    const socket = await client();
    const seen: string[] = [];
    socket.on("job:updated", (p) => {
      if (p.job.id === "github:8100004") seen.push(p.job.status);
    });
    await postGithub(server.url, variant("workflow_job.queued.1.json", 8100004));
    const job = await server.store.getJob("github:8100004");
    if (!job) throw new Error("job not stored");
    await waitForUpdate(socket, (p) => p.job.id === "github:8100004");
    seen.length = 0;

    // Three changes inside one tick, as a burst of webhooks would produce.
    for (const status of ["running", "failure", "success"] as const) {
      server.events.emit("job.changed", { job: { ...job, status }, previous: job });
    }
    // A later marker proves the burst's tick has been flushed.
    const marker = waitForUpdate(socket, (p) => p.job.id === "github:8100009");
    await new Promise((resolve) => setTimeout(resolve, 120));
    await postGithub(server.url, variant("workflow_job.queued.1.json", 8100009));
    await marker;
    expect(seen).toEqual(["success"]);
  });

  it("narrows updates with subscribe", async () => {
    const narrowed = await client();
    const ack = await narrowed.emitWithAck("subscribe", {
      repos: ["octo-org/example-workflow"],
      labels: ["gpu"],
    });
    expect(ack).toEqual({ ok: true });
    const everything = await client();
    const other: string[] = [];
    narrowed.on("job:updated", (p) => other.push(p.job.repo));

    const wide = waitForUpdate(everything, (p) => p.job.id === "github:8100005");
    await postGithub(server.url, variant("workflow_job.in_progress.3.json", 8100005));
    await wide;
    const match = waitForUpdate(narrowed, (p) => p.job.id === "github:8100006");
    await postGithub(server.url, variant("workflow_job.in_progress.1.json", 8100006));
    expect((await match).job.runner.labels).toContain("gpu");
    expect(other).toEqual(["octo-org/example-workflow"]);
  });

  it("replays what a client missed while its connection dropped (connection-state recovery)", async () => {
    const socket = await client();
    const seen = waitForUpdate(socket, (p) => p.job.id === "github:8100007");
    await postGithub(server.url, variant("workflow_job.queued.1.json", 8100007));
    await seen;

    // Drop the transport (not a clean disconnect), change the job meanwhile, then let the client reconnect.
    // "connect" (not the manager's "reconnect") fires once the server has answered, with `recovered` set.
    const reconnected = new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    const missed = waitForUpdate(
      socket,
      (p) => p.job.id === "github:8100007" && p.job.status === "running",
      10_000,
    );
    socket.io.engine.close();
    await postGithub(server.url, variant("workflow_job.in_progress.2.json", 8100007));
    await reconnected;
    expect(socket.recovered).toBe(true);
    expect((await missed).job.status).toBe("running");
  });

  it("refuses a malformed subscription", async () => {
    const socket = await client();
    const ack = await socket.emitWithAck("subscribe", { sources: ["travis" as never] });
    expect(ack).toEqual({
      ok: false,
      error: 'sources.0: Invalid option: expected one of "github"|"gitlab"|"buildkite"|"jenkins"|"generic"',
    });
  });
});

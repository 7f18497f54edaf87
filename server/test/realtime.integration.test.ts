/** Live updates over a real Socket.IO connection to the real server. */
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseServerEvent, type ClientToServerEvents, type ServerToClientEvents } from "../../lib/events";
import type { Job } from "../../lib/job";
import { ADMIN_TOKEN, fixture, postGithub, startTestServer, type TestServer } from "./helpers";
import { itemsOf, nextUpdate } from "./live-updates";

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

/** Resolves with the first job pushed in `jobs:updated` matching `predicate`. */
const waitForJob = (socket: Client, predicate: (job: Job) => boolean, timeoutMs = 5000) =>
  nextUpdate(socket, "jobs:updated", predicate, timeoutMs);

const variant = (name: string, id: number, patch: Record<string, unknown> = {}) => {
  const body = JSON.parse(fixture(`github/${name}`).toString());
  Object.assign(body.workflow_job, { id, ...patch });
  return JSON.stringify(body);
};

describe("jobs:updated", () => {
  it("pushes the stored job, with a version, when a webhook changes it", async () => {
    const socket = await client();
    const payloads: unknown[] = [];
    socket.on("jobs:updated", (p) => payloads.push(p));
    const received = waitForJob(socket, (j) => j.id === "github:8100001");
    expect((await postGithub(server.url, variant("workflow_job.in_progress.3.json", 8100001))).status).toBe(
      202,
    );
    const job = await received;
    expect(job).toEqual(await server.store.getJob("github:8100001"));
    expect(job.status).toBe("running");
    // What the server sends is what the browser's check accepts, unchanged.
    expect(payloads).toEqual([{ version: 1, jobs: [job] }]);
    expect(parseServerEvent("jobs:updated", payloads[0])).toEqual(payloads[0]);
  });

  it("sends nothing for a duplicate or for a stale event that changes nothing", async () => {
    const completed = variant("workflow_job.completed.2.json", 8100002);
    const socket = await client();
    const first = waitForJob(socket, (j) => j.id === "github:8100002");
    await postGithub(server.url, completed, { delivery: "rt-dup" });
    await first;
    const extra: Job[] = [];
    socket.on("jobs:updated", (p) => extra.push(...itemsOf("jobs:updated", p)));
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
    const marker = waitForJob(socket, (j) => j.id === "github:8100003");
    await postGithub(server.url, variant("workflow_job.queued.1.json", 8100003));
    await marker;
    expect(extra.filter((j) => j.id === "github:8100002")).toEqual([]);
  });

  it("coalesces a burst of changes to one job into one message with its latest state", async () => {
    const socket = await client();
    const seen: string[] = [];
    socket.on("jobs:updated", (p) => {
      for (const j of itemsOf("jobs:updated", p)) if (j.id === "github:8100004") seen.push(j.status);
    });
    await postGithub(server.url, variant("workflow_job.queued.1.json", 8100004));
    const job = await server.store.getJob("github:8100004");
    if (!job) throw new Error("job not stored");
    await waitForJob(socket, (j) => j.id === "github:8100004");
    seen.length = 0;

    // Three changes inside one tick, as a burst of webhooks would produce.
    for (const status of ["running", "failure", "success"] as const) {
      server.events.emit("job.changed", { job: { ...job, status }, previous: job });
    }
    // A later marker proves the burst's tick has been flushed.
    const marker = waitForJob(socket, (j) => j.id === "github:8100009");
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
    narrowed.on("jobs:updated", (p) => other.push(...itemsOf("jobs:updated", p).map((j) => j.repo)));

    const wide = waitForJob(everything, (j) => j.id === "github:8100005");
    await postGithub(server.url, variant("workflow_job.in_progress.3.json", 8100005));
    await wide;
    const match = waitForJob(narrowed, (j) => j.id === "github:8100006");
    await postGithub(server.url, variant("workflow_job.in_progress.1.json", 8100006));
    expect((await match).runner.labels).toContain("gpu");
    expect(other).toEqual(["octo-org/example-workflow"]);
  });

  it("replays what a client missed while its connection dropped (connection-state recovery)", async () => {
    const socket = await client();
    const seen = waitForJob(socket, (j) => j.id === "github:8100007");
    await postGithub(server.url, variant("workflow_job.queued.1.json", 8100007));
    await seen;

    // Drop the transport (not a clean disconnect), change the job meanwhile, then let the client reconnect.
    // "connect" (not the manager's "reconnect") fires once the server has answered, with `recovered` set.
    const reconnected = new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    const missed = waitForJob(socket, (j) => j.id === "github:8100007" && j.status === "running", 10_000);
    socket.io.engine.close();
    await postGithub(server.url, variant("workflow_job.in_progress.2.json", 8100007));
    await reconnected;
    expect(socket.recovered).toBe(true);
    expect((await missed).status).toBe("running");
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

/**
 * The socket's edges over a real Socket.IO connection to the real server (issue 15):
 * a session's socket ends when the session expires, without any HTTP request;
 * handshakes are accepted only from the dashboard's own origin (or none, for
 * API-key clients); one socket's subscription joins at most 100 rooms.
 */
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/events";
import { SESSION_COOKIE } from "../auth/cookies";
import { roomsForFilter } from "../realtime/rooms";
import { scopedRooms } from "../realtime/team-rooms";
import { CREDENTIAL_ROOM_PREFIX } from "../realtime/socket-auth";
import { ADMIN_TOKEN, fixture, postGithub, startTestServer, type TestServer } from "./helpers";
import { nextUpdate } from "./live-updates";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Opened = { ok: true; socket: Client } | { ok: false; message: string };

const PUBLIC_URL = "https://runwatch.example.com";

let server: TestServer;
const clients: Client[] = [];

beforeAll(async () => {
  server = await startTestServer({ env: { RUNWATCH_PUBLIC_URL: `${PUBLIC_URL}/dash/` } });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(() => server.close());

/** Opens a socket; resolves once the server accepted or refused the handshake. */
function open(options: Parameters<typeof connect>[1]): Promise<Opened> {
  return new Promise((resolve) => {
    const socket: Client = connect(server.url, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      ...options,
    });
    clients.push(socket);
    socket.once("connect", () => resolve({ ok: true, socket }));
    socket.once("connect_error", (error) => {
      socket.close();
      resolve({ ok: false, message: error.message });
    });
  });
}

async function openOk(options: Parameters<typeof connect>[1]): Promise<Client> {
  const opened = await open(options);
  if (!opened.ok) throw new Error(`handshake refused: ${opened.message}`);
  return opened.socket;
}

/** A real session of the admin key, lasting `ttlMs` from now, as the cookie a browser would send. */
async function signedIn(ttlMs: number): Promise<{ cookie: string; expiresAt: number }> {
  const [admin] = await server.store.listApiKeys();
  if (!admin) throw new Error("no admin key");
  const { token, session } = await server.store.createSession(admin.id, ttlMs, Date.now());
  return {
    cookie: `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
    expiresAt: Date.parse(session.expiresAt),
  };
}

const variant = (id: number) => {
  const body = JSON.parse(fixture("github/workflow_job.queued.1.json").toString());
  body.workflow_job.id = id;
  return JSON.stringify(body);
};

describe("a session's socket", () => {
  it("is disconnected by the server when its session expires, without any HTTP request", async () => {
    const { cookie, expiresAt } = await signedIn(1_500);
    const byCookie = await openOk({ extraHeaders: { cookie } });
    const byKey = await openOk({ auth: { token: ADMIN_TOKEN } });
    // Live while the session lasts.
    const live = nextUpdate(byCookie, "jobs:updated", (j) => j.id === "github:8150001", 5_000);
    expect((await postGithub(server.url, variant(8150001))).status).toBe(202);
    await live;

    const reason = await new Promise<string>((resolve) => {
      byCookie.once("disconnect", resolve);
      setTimeout(() => resolve("still connected after 5 s"), 5_000);
    });
    expect(reason).toBe("io server disconnect");
    // Not before the session ends, and promptly after.
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    expect(Date.now() - expiresAt).toBeLessThan(1_000);
    expect(byKey.connected).toBe(true);
    // The same cookie is refused from now on, on the socket as over HTTP.
    expect(await open({ extraHeaders: { cookie } })).toEqual({ ok: false, message: "unauthenticated" });
  });

  it("stays connected while its session lasts", async () => {
    const socket = await openOk({ extraHeaders: { cookie: (await signedIn(60_000)).cookie } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(socket.connected).toBe(true);
  });
});

describe("the handshake's Origin", () => {
  it("accepts the dashboard's own origin, RUNWATCH_PUBLIC_URL's origin, and no Origin at all", async () => {
    const auth = { token: ADMIN_TOKEN };
    expect((await open({ auth, extraHeaders: { origin: server.url } })).ok).toBe(true);
    expect((await open({ auth, extraHeaders: { origin: PUBLIC_URL } })).ok).toBe(true);
    // A non-browser client sends no Origin; its API key is what admits it.
    expect((await open({ auth })).ok).toBe(true);
  });

  it("refuses any other origin with a clear connect_error, before looking at credentials", async () => {
    const port = new URL(server.url).port;
    for (const origin of [
      "https://evil.example",
      "null",
      `http://127.0.0.1:${Number(port) + 1}`,
      "http://runwatch.example.com",
      `https://127.0.0.1.evil.example:${port}`,
    ]) {
      expect(await open({ auth: { token: ADMIN_TOKEN }, extraHeaders: { origin } }), origin).toEqual({
        ok: false,
        message: "origin not allowed",
      });
    }
    const { cookie } = await signedIn(60_000);
    expect(await open({ extraHeaders: { cookie, origin: "https://evil.example" } })).toEqual({
      ok: false,
      message: "origin not allowed",
    });
  });
});

describe("subscriptions per socket", () => {
  const values = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

  it("refuses a subscription that would join 625 rooms, naming the cap, and keeps the current filter", async () => {
    const socket = await openOk({ auth: { token: ADMIN_TOKEN } });
    expect(await socket.emitWithAck("subscribe", { repos: ["Codertocat/Hello-World"] })).toEqual({
      ok: true,
    });
    const ack = await socket.emitWithAck("subscribe", {
      repos: values("org/repo", 25),
      labels: values("label", 25),
    });
    expect(ack).toEqual({
      ok: false,
      error:
        "a subscription may join at most 100 rooms (one per combination of its repos, sources and labels); this one would join 625",
    });
    // The refused filter did not replace the previous one.
    const joined = server.io.sockets.sockets.get(socket.id ?? "")?.rooms;
    expect([...(joined ?? [])].filter((room) => !room.startsWith(CREDENTIAL_ROOM_PREFIX)).sort()).toEqual(
      // An unscoped socket also holds the whole-fleet notices' room (`team-rooms.ts`).
      [socket.id, ...scopedRooms(roomsForFilter({ repos: ["Codertocat/Hello-World"] }), null)].sort(),
    );
  });

  it("accepts exactly 100 rooms, counting repeated values once", async () => {
    const socket = await openOk({ auth: { token: ADMIN_TOKEN } });
    expect(
      await socket.emitWithAck("subscribe", { repos: values("org/repo", 20), labels: values("label", 5) }),
    ).toEqual({ ok: true });
    expect(
      await socket.emitWithAck("subscribe", {
        repos: [...values("org/repo", 10), ...values("org/repo", 10)],
        sources: ["github", "github", "gitlab"],
        labels: values("label", 5),
      }),
    ).toEqual({ ok: true });
    expect(
      await socket.emitWithAck("subscribe", {
        repos: values("org/repo", 21),
        labels: values("label", 5),
      }),
    ).toEqual({
      ok: false,
      error:
        "a subscription may join at most 100 rooms (one per combination of its repos, sources and labels); this one would join 105",
    });
  });
});

/**
 * Server-side request forgery through alert channels (issue 15, finding 1),
 * over real HTTP against the real server: a trap listens on loopback (IPv4
 * and IPv6, one port) and counts every connection it is offered, so each
 * refusal is proved by nothing arriving, not by an error text alone.
 *
 * Refused: every loopback, unspecified and metadata form (disguised or not)
 * when a channel is created or changed (400 naming `config.url`), and again
 * when something is sent to a channel stored with one (a name that resolved
 * elsewhere when it was saved: DNS rebinding). Allowed: exactly what
 * RUNWATCH_OUTBOUND_ALLOW names. Never: a redirect followed, or a receiver's
 * body shown to a caller without the admin scope.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { channelInputSchema, type AlertListResponse, type Channel } from "../../lib/alerts";
import { QUEUE_ALERT } from "../alerts/alerts.test-fixtures";
import type { ChannelTestResult } from "../http/alert-routes";
import { adminHeaders, startTestServer, type TestServer } from "./helpers";

/** How a URL host may name loopback, "this host" or cloud metadata. `%p` is the trap's port. */
const DISGUISED = [
  "127.0.0.1",
  "127.1",
  "2130706433",
  "0x7f000001",
  "0177.0.0.1",
  "[::1]",
  "[::ffff:127.0.0.1]",
  "[::ffff:7f00:1]",
  "[::127.0.0.1]",
  "0.0.0.0",
  "[::]",
  "localhost",
  "169.254.169.254",
  "[fd00:ec2::254]",
  "[::ffff:169.254.169.254]",
] as const;
const KINDS = ["webhook", "slack", "teams", "discord"] as const;
const POLICY_REFUSED = "address not allowed by the outbound policy";

interface Trap {
  port: number;
  /** Connections offered on either address since the start. */
  connections: () => number;
  requests: string[];
  close(): Promise<void>;
}

/** An HTTP listener on 127.0.0.1 and [::1] at the same port, counting connections; `answer` writes the reply. */
async function startTrap(answer: (request: http.IncomingMessage, response: http.ServerResponse) => void) {
  let connections = 0;
  const requests: string[] = [];
  const make = () =>
    http
      .createServer((request, response) => {
        requests.push(`${request.method} ${request.url}`);
        request.resume();
        request.on("end", () => answer(request, response));
      })
      .on("connection", () => (connections += 1));
  const v4 = make();
  await new Promise<void>((resolve) => v4.listen(0, "127.0.0.1", resolve));
  const port = (v4.address() as AddressInfo).port;
  const v6 = make();
  await new Promise<void>((resolve, reject) => v6.once("error", reject).listen(port, "::1", resolve));
  const close = (server: http.Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    port,
    connections: () => connections,
    requests,
    close: async () => void (await Promise.all([close(v4), close(v6)])),
  } satisfies Trap;
}

async function call<T>(
  server: TestServer,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = adminHeaders,
) {
  const response = await fetch(`${server.url}/api/v1${url}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, text };
}

const hookAt = (url: string, i = 0) => ({
  name: `probe ${i}`,
  kind: KINDS[i % KINDS.length],
  config: { url },
});

/** Stores a channel as is, past the API's check: what a name that resolved elsewhere when saved amounts to. */
async function storedChannel(server: TestServer, url: string, i = 0): Promise<string> {
  const record = await server.store.createChannel(channelInputSchema.parse(hookAt(url, i)), Date.now());
  return record.id;
}

let trap: Trap;
const servers: TestServer[] = [];
const start = async (env: Record<string, string> = {}) => {
  const server = await startTestServer({ env });
  servers.push(server);
  return server;
};

beforeAll(async () => {
  trap = await startTrap((_, response) => response.writeHead(200).end("ok"));
});
afterAll(() => trap.close());
afterEach(async () => {
  while (servers.length > 0) await servers.pop()?.close();
});

describe("alert channels under the outbound policy", () => {
  it("refuses every loopback, unspecified and metadata form at creation, naming config.url; nothing connects", async () => {
    const server = await start();
    for (const [i, host] of DISGUISED.entries()) {
      const answer = await call<{ error: { code: string; field: string } }>(
        server,
        "POST",
        "/channels",
        hookAt(`http://${host}:${trap.port}/hook`, i),
      );
      expect([host, answer.status]).toEqual([host, 400]);
      expect(answer.body.error).toMatchObject({ code: "invalid_body", field: "config.url" });
      // The answer names neither the URL (a credential) nor where it led.
      expect(answer.text).not.toContain(String(trap.port));
    }
    expect((await call<{ items: Channel[] }>(server, "GET", "/channels")).body.items).toEqual([]);
    expect(trap.connections()).toBe(0);
  });

  it("refuses them on a PATCH of a stored channel too", async () => {
    const server = await start();
    const created = await call<Channel>(
      server,
      "POST",
      "/channels",
      hookAt("https://hooks.example/T1/B2/token"),
    );
    expect(created.status).toBe(201);
    for (const host of ["2130706433", "[::ffff:7f00:1]", "169.254.169.254"]) {
      const answer = await call<{ error: { field: string } }>(
        server,
        "PATCH",
        `/channels/${created.body.id}`,
        {
          config: { url: `http://${host}:${trap.port}/hook` },
        },
      );
      expect([host, answer.status, answer.body.error.field]).toEqual([host, 400, "config.url"]);
    }
    expect((await call<Channel>(server, "GET", `/channels/${created.body.id}`)).body.url).toBe(
      "https://hooks.example/…oken",
    );
    expect(trap.connections()).toBe(0);
  });

  it("refuses every form again when a test is sent to a channel stored with one, localhost at connect time", async () => {
    const server = await start();
    for (const [i, host] of DISGUISED.entries()) {
      const id = await storedChannel(server, `http://${host}:${trap.port}/hook`, i);
      const answer = await call<ChannelTestResult>(server, "POST", `/channels/${id}/test`);
      expect([host, answer.status, answer.body]).toEqual([host, 200, { ok: false, error: POLICY_REFUSED }]);
    }
    expect(trap.connections()).toBe(0);
  });

  it("lets exactly what RUNWATCH_OUTBOUND_ALLOW names through", async () => {
    const server = await start({ RUNWATCH_OUTBOUND_ALLOW: "127.0.0.1" });
    const before = trap.connections();
    const allowed = await call<Channel>(
      server,
      "POST",
      "/channels",
      hookAt(`http://127.0.0.1:${trap.port}/in`),
    );
    expect(allowed.status).toBe(201);
    const sent = await call<ChannelTestResult>(server, "POST", `/channels/${allowed.body.id}/test`);
    expect(sent.body).toEqual({ ok: true });
    expect(trap.connections()).toBe(before + 1);
    expect(trap.requests.at(-1)).toBe("POST /in");
    // Other loopback addresses are not named: still refused, at creation and at send.
    for (const host of ["127.0.0.2", "[::1]", "0.0.0.0"]) {
      const refused = await call<{ error: { field: string } }>(
        server,
        "POST",
        "/channels",
        hookAt(`http://${host}:${trap.port}/in`),
      );
      expect([host, refused.status, refused.body.error.field]).toEqual([host, 400, "config.url"]);
      const id = await storedChannel(server, `http://${host}:${trap.port}/in`);
      expect((await call<ChannelTestResult>(server, "POST", `/channels/${id}/test`)).body).toEqual({
        ok: false,
        error: POLICY_REFUSED,
      });
    }
    expect(trap.connections()).toBe(before + 1);
  });

  it("does not follow a redirect from an allowed receiver", async () => {
    const server = await start({ RUNWATCH_OUTBOUND_ALLOW: "127.0.0.1" });
    const redirector = await startTrap((_, response) =>
      response.writeHead(302, { location: `http://127.0.0.1:${trap.port}/followed` }).end(),
    );
    try {
      const before = trap.connections();
      const created = await call<Channel>(
        server,
        "POST",
        "/channels",
        hookAt(`http://127.0.0.1:${redirector.port}/moved`, 1),
      );
      const answer = await call<ChannelTestResult>(server, "POST", `/channels/${created.body.id}/test`);
      expect(answer.body).toEqual({ ok: false, status: 302, error: "redirect refused (HTTP 302)" });
      expect(redirector.requests).toEqual(["POST /moved"]);
      expect(trap.connections()).toBe(before);
    } finally {
      await redirector.close();
    }
  });

  it("shows a receiver's error body to admins only, never to a read key", async () => {
    const server = await start({ RUNWATCH_OUTBOUND_ALLOW: "127.0.0.1" });
    const secretBody = "internal-service SECRET-9f2c\u0000\u001b[31m root:x:0:0";
    const failing = await startTrap((_, response) => response.writeHead(500).end(secretBody));
    try {
      const channelId = await storedChannel(server, `http://127.0.0.1:${failing.port}/hook`);
      await server.store.recordNotice({
        ruleId: "rule-ssrf",
        subject: "gpu",
        state: { since: Date.now(), lastNotifiedAt: Date.now(), reminders: 0 },
        alert: { ...QUEUE_ALERT, id: null },
        notice: "firing",
        channelIds: [channelId],
        now: Date.now(),
      });
      await server.alerts.outbox.drain();
      expect(failing.requests).toEqual(["POST /hook"]);

      const key = await call<{ secret: string }>(server, "POST", "/keys", {
        name: "reader",
        scopes: ["read"],
      });
      const reader = { authorization: `Bearer ${key.body.secret}` };
      const read = await call<AlertListResponse>(server, "GET", "/alerts", undefined, reader);
      expect(read.status).toBe(200);
      expect(read.body.items[0]?.deliveries[0]).toMatchObject({
        status: "pending",
        attempts: 1,
        lastError: null,
      });
      expect(read.text).not.toContain("SECRET-9f2c");

      const admin = await call<AlertListResponse>(server, "GET", "/alerts");
      // Admins see the fixed text and the receiver's words, cleaned of control characters.
      expect(admin.body.items[0]?.deliveries[0]?.lastError).toBe(
        'HTTP 500 from receiver — receiver said: "internal-service SECRET-9f2c [31m root:x:0:0"',
      );
    } finally {
      await failing.close();
    }
  });
});

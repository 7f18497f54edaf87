/**
 * The alerting API over real HTTP and the real SQLite store: channels and
 * rules are created, listed, read, changed and deleted; credentials never
 * come back (not in answers, not in the audit log); every bad input is a 400
 * naming its field; unknown ids are 404; a read key reads rules and alerts
 * but changes nothing.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertListResponse, AlertRule, Channel } from "../../lib/alerts";
import type { ChannelTestResult } from "../http/alert-routes";
import type { ApiError } from "../../lib/api";
import type { AuditListResponse } from "../../lib/auth";
import { adminHeaders, ADMIN_TOKEN, startTestServer, type TestServer } from "./helpers";

let server: TestServer;
let readHeaders: Record<string, string>;

const SLACK_URL = "https://hooks.slack.com/services/T0001/B0002/slackTokenSECRETxyz9";
const HOOK_URL = "https://ci-hooks.example.com/runwatch?token=hookTokenSECRETab12";
const HOOK_SECRET = "whsec-signing-SECRET-0123456789";
const NEW_SECRET = "whsec-rotated-SECRET-9876543210";
const CREDENTIALS = [SLACK_URL, "slackTokenSECRET", HOOK_URL, "hookTokenSECRET", HOOK_SECRET, NEW_SECRET];

beforeAll(async () => {
  // The test receiver listens on loopback: the outbound policy lets it through only because it is named.
  server = await startTestServer({ env: { RUNWATCH_OUTBOUND_ALLOW: "127.0.0.1" } });
  const created = await fetch(`${server.url}/api/v1/keys`, {
    method: "POST",
    headers: { ...adminHeaders, "content-type": "application/json" },
    body: JSON.stringify({ name: "alerts-reader", scopes: ["read"] }),
  });
  expect(created.status).toBe(201);
  const { secret } = (await created.json()) as { secret: string };
  readHeaders = { authorization: `Bearer ${secret}` };
});
afterAll(() => server.close());

interface Answer<T> {
  status: number;
  text: string;
  body: T;
  headers: Headers;
}

/** One API call; `body` is parsed when the answer has one. */
async function call<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = adminHeaders,
): Promise<Answer<T>> {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    body: (text ? JSON.parse(text) : undefined) as T,
    headers: response.headers,
  };
}

/** Asserts no credential appears anywhere in an answer's raw text. */
function expectNoCredentials(text: string) {
  for (const credential of CREDENTIALS) expect(text).not.toContain(credential);
}

/** Asserts a 400 naming `field`. */
async function expectBadField(answer: Promise<Answer<ApiError>>, field: string) {
  const { status, body, text } = await answer;
  expect(status, text).toBe(400);
  expect(body.error.field, text).toBe(field);
  expectNoCredentials(text);
}

const slack = { name: "CI alerts", kind: "slack", config: { url: SLACK_URL } };
const hook = { name: "Pager bridge", kind: "webhook", config: { url: HOOK_URL, secret: HOOK_SECRET } };
const email = { name: "Release team", kind: "email", config: { to: ["release@example.com"] } };

describe("channels", () => {
  it("creates, lists, reads, changes and deletes channels without ever returning credentials", async () => {
    const created = await call<Channel>("POST", "/channels", slack);
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get("location")).toBe(`/api/v1/channels/${created.body.id}`);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^ch_/),
      name: "CI alerts",
      kind: "slack",
      url: "https://hooks.slack.com/…xyz9",
      to: null,
      hasSecret: false,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      updatedAt: created.body.createdAt,
    });
    const webhook = await call<Channel>("POST", "/channels", hook);
    expect(webhook.status, webhook.text).toBe(201);
    expect(webhook.body).toMatchObject({
      kind: "webhook",
      hasSecret: true,
      url: "https://ci-hooks.example.com/…ab12",
    });
    const mail = await call<Channel>("POST", "/channels", email);
    expect(mail.status, mail.text).toBe(201);
    expect(mail.body).toMatchObject({
      kind: "email",
      url: null,
      to: ["release@example.com"],
      hasSecret: false,
    });
    for (const answer of [created, webhook, mail]) expectNoCredentials(answer.text);

    const list = await call<{ items: Channel[] }>("GET", "/channels");
    expect(list.status).toBe(200);
    expect(list.body.items.map((c) => c.id)).toEqual([created.body.id, webhook.body.id, mail.body.id]);
    expectNoCredentials(list.text);
    const one = await call<Channel>("GET", `/channels/${webhook.body.id}`);
    expect(one.body).toEqual(webhook.body);
    expectNoCredentials(one.text);

    // Renaming keeps the secret (it cannot be read back, so it must not have to be resent).
    const renamed = await call<Channel>("PATCH", `/channels/${webhook.body.id}`, { name: "Pager" });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body).toMatchObject({ name: "Pager", hasSecret: true, url: webhook.body.url });
    const rotated = await call<Channel>("PATCH", `/channels/${webhook.body.id}`, {
      config: { secret: NEW_SECRET },
    });
    expect(rotated.body.hasSecret).toBe(true);
    expectNoCredentials(rotated.text);
    const unsigned = await call<Channel>("PATCH", `/channels/${webhook.body.id}`, {
      config: { secret: null },
    });
    expect(unsigned.body.hasSecret).toBe(false);
    // Switching kind: the stored URL now conflicts and must be removed in the same change.
    await expectBadField(
      call("PATCH", `/channels/${created.body.id}`, { kind: "email", config: { to: ["a@example.com"] } }),
      "config.url",
    );
    const switched = await call<Channel>("PATCH", `/channels/${created.body.id}`, {
      kind: "email",
      config: { url: null, to: ["a@example.com"] },
    });
    expect(switched.status, switched.text).toBe(200);
    expect(switched.body).toMatchObject({ kind: "email", url: null, to: ["a@example.com"] });

    const deleted = await call("DELETE", `/channels/${mail.body.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await call("GET", `/channels/${mail.body.id}`)).status).toBe(404);
    expect((await call("DELETE", `/channels/${mail.body.id}`)).status).toBe(404);
  });

  it("answers 400 naming the field for every bad channel input", async () => {
    await expectBadField(call("POST", "/channels", { ...slack, kind: "sms" }), "kind");
    await expectBadField(call("POST", "/channels", { ...slack, config: {} }), "config.url");
    await expectBadField(call("POST", "/channels", { ...email, config: {} }), "config.to");
    await expectBadField(
      call("POST", "/channels", { ...email, config: { to: ["not an address"] } }),
      "config.to.0",
    );
    await expectBadField(
      call("POST", "/channels", { ...slack, config: { url: "ftp://hooks.example.com/x" } }),
      "config.url",
    );
    await expectBadField(
      call("POST", "/channels", { ...slack, config: { url: SLACK_URL, secret: HOOK_SECRET } }),
      "config.secret",
    );
    await expectBadField(
      call("POST", "/channels", { ...hook, config: { url: HOOK_URL, secret: "short" } }),
      "config.secret",
    );
    await expectBadField(call("POST", "/channels", { kind: "slack", config: { url: SLACK_URL } }), "name");
    // Unknown keys are named themselves, at any depth: a typo must not be dropped silently.
    await expectBadField(call("POST", "/channels", { ...slack, colour: "red" }), "colour");
    await expectBadField(
      call("POST", "/channels", { ...slack, config: { url: SLACK_URL, token: HOOK_SECRET } }),
      "config.token",
    );
    await expectBadField(call("POST", "/channels", [slack]), "body");
    const garbled = await call<ApiError>("POST", "/channels", "{not json");
    expect(garbled.status).toBe(400);
    expect(garbled.body.error.code).toBe("invalid_body");

    const { body: created } = await call<Channel>("POST", "/channels", hook);
    await expectBadField(call("PATCH", `/channels/${created.id}`, { config: { url: "nope" } }), "config.url");
    await expectBadField(call("PATCH", `/channels/${created.id}`, { id: "ch_other" }), "id");
    await expectBadField(call("PATCH", `/channels/${created.id}`, { name: "" }), "name");
  });

  it("answers 404 for unknown channel ids", async () => {
    for (const [method, body] of [
      ["GET", undefined],
      ["PATCH", { name: "x" }],
      ["DELETE", undefined],
      ["POST", undefined],
    ] as const) {
      const path = method === "POST" ? "/channels/ch_missing/test" : "/channels/ch_missing";
      const answer = await call<ApiError>(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error).toMatchObject({ code: "not_found", field: "id" });
    }
  });
});

describe("channel test", () => {
  it("sends a signed test notification, and reports a refusing receiver as ok: false with its status", async () => {
    const received: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
    const receiver = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      request.on("end", () => {
        received.push({ url: request.url ?? "", headers: request.headers, body });
        const refuse = request.url?.includes("refuse") ?? false;
        response.writeHead(refuse ? 500 : 200, { "content-type": "text/plain" }).end(refuse ? "boom" : "ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    try {
      const { body: good } = await call<Channel>("POST", "/channels", {
        ...hook,
        config: { url: `${base}/hook/hookTokenSECRETab12`, secret: HOOK_SECRET },
      });
      const ok = await call<ChannelTestResult>("POST", `/channels/${good.id}/test`);
      expect(ok.status, ok.text).toBe(200);
      expect(ok.body).toEqual({ ok: true });
      expect(received).toHaveLength(1);
      expect(received[0]?.headers["x-runwatch-signature-256"]).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(JSON.parse(received[0]?.body ?? "{}")).toMatchObject({ version: 1 });

      const { body: bad } = await call<Channel>("POST", "/channels", {
        ...slack,
        config: { url: `${base}/refuse/slackTokenSECRETxyz9` },
      });
      const refused = await call<ChannelTestResult>("POST", `/channels/${bad.id}/test`);
      expect(refused.status, refused.text).toBe(200);
      expect(refused.body).toEqual({
        ok: false,
        status: 500,
        error: "HTTP 500 from receiver",
        detail: "boom",
      });
      expectNoCredentials(refused.text);

      const { body: mail } = await call<Channel>("POST", "/channels", email);
      const noSmtp = await call<ChannelTestResult>("POST", `/channels/${mail.id}/test`);
      expect(noSmtp.body).toMatchObject({ ok: false, error: expect.stringContaining("RUNWATCH_SMTP_HOST") });

      const audit = await call<AuditListResponse>("GET", "/audit?action=channel.tested");
      expect(audit.body.items.find((e) => e.target === good.id)?.details).toEqual({
        name: hook.name,
        kind: "webhook",
        ok: true,
      });
      expect(audit.body.items.find((e) => e.target === bad.id)?.details).toMatchObject({
        ok: false,
        status: 500,
      });
      expectNoCredentials(audit.text);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

describe("alert rules", () => {
  it("creates rules with defaults filled in, enables and disables them, and deletes them", async () => {
    const { body: channel } = await call<Channel>("POST", "/channels", slack);
    const created = await call<AlertRule>("POST", "/alert-rules", {
      name: "main broke",
      kind: "job_state",
      match: { repo: "acme/*", branch: "main" },
      on: ["broke", "fixed"],
      channels: [channel.id],
    });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get("location")).toBe(`/api/v1/alert-rules/${created.body.id}`);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^rule_/),
      name: "main broke",
      enabled: true,
      severity: "warning",
      kind: "job_state",
      match: { repo: "acme/*", branch: "main" },
      on: ["broke", "fixed"],
      threshold: null,
      windowMs: null,
      cooldownMs: 0,
      scope: null,
      channels: [channel.id],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const queue = await call<AlertRule>("POST", "/alert-rules", {
      name: "gpu queue",
      kind: "queue_time",
      severity: "critical",
      match: { label: "gpu" },
      threshold: 600_000,
      channels: [],
    });
    expect(queue.status, queue.text).toBe(201);
    expect(queue.body).toMatchObject({ threshold: 600_000, windowMs: 3_600_000, cooldownMs: 3_600_000 });

    const list = await call<{ items: AlertRule[] }>("GET", "/alert-rules");
    expect(list.body.items.map((r) => r.id)).toEqual(
      expect.arrayContaining([created.body.id, queue.body.id]),
    );
    expect((await call<AlertRule>("GET", `/alert-rules/${queue.body.id}`)).body).toEqual(queue.body);

    const disabled = await call<AlertRule>("PATCH", `/alert-rules/${created.body.id}`, { enabled: false });
    expect(disabled.status, disabled.text).toBe(200);
    expect(disabled.body).toMatchObject({ enabled: false, name: "main broke", on: ["broke", "fixed"] });
    const enabled = await call<AlertRule>("PATCH", `/alert-rules/${created.body.id}`, { enabled: true });
    expect(enabled.body.enabled).toBe(true);
    // null goes back to the kind's default.
    const reset = await call<AlertRule>("PATCH", `/alert-rules/${queue.body.id}`, {
      windowMs: 7_200_000,
      cooldownMs: null,
    });
    expect(reset.body).toMatchObject({ windowMs: 7_200_000, cooldownMs: 3_600_000 });
    await expectBadField(call("PATCH", `/alert-rules/${queue.body.id}`, { threshold: null }), "threshold");

    // A rule keeps the id of a channel deleted since; editing it still works, adding an unknown one does not.
    expect((await call("DELETE", `/channels/${channel.id}`)).status).toBe(204);
    const renamed = await call<AlertRule>("PATCH", `/alert-rules/${created.body.id}`, { name: "main" });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.channels).toEqual([channel.id]);
    await expectBadField(
      call("PATCH", `/alert-rules/${created.body.id}`, { channels: [channel.id, "ch_nope"] }),
      "channels",
    );

    expect((await call("DELETE", `/alert-rules/${created.body.id}`)).status).toBe(204);
    expect((await call("GET", `/alert-rules/${created.body.id}`)).status).toBe(404);
    expect((await call("PATCH", `/alert-rules/${created.body.id}`, { enabled: true })).status).toBe(404);
    expect((await call("DELETE", `/alert-rules/${created.body.id}`)).status).toBe(404);
  });

  it("answers 400 naming the field for every bad rule input", async () => {
    const base = { name: "r", kind: "job_state", on: ["failure"], channels: [] };
    await expectBadField(call("POST", "/alert-rules", { ...base, on: undefined }), "on");
    await expectBadField(call("POST", "/alert-rules", { ...base, kind: "cpu_load" }), "kind");
    await expectBadField(call("POST", "/alert-rules", { ...base, channels: ["ch_unknown"] }), "channels");
    await expectBadField(call("POST", "/alert-rules", { ...base, treshold: 5 }), "treshold");
    await expectBadField(call("POST", "/alert-rules", { ...base, match: { repos: "a/b" } }), "match.repos");
    await expectBadField(call("POST", "/alert-rules", { ...base, on: ["exploded"] }), "on.0");
    await expectBadField(call("POST", "/alert-rules", { ...base, channels: undefined }), "channels");
    await expectBadField(
      call("POST", "/alert-rules", { name: "q", kind: "queue_time", channels: [] }),
      "threshold",
    );
    await expectBadField(
      call("POST", "/alert-rules", { name: "q", kind: "queue_time", threshold: 1, channels: [] }),
      "threshold",
    );
    await expectBadField(
      call("POST", "/alert-rules", {
        name: "q",
        kind: "success_rate",
        threshold: 0.9,
        match: { branch: "release/*" },
        channels: [],
      }),
      "match.branch",
    );
    const { body: rule } = await call<AlertRule>("POST", "/alert-rules", base);
    await expectBadField(call("PATCH", `/alert-rules/${rule.id}`, { enabled: "no" }), "enabled");
    await expectBadField(call("PATCH", `/alert-rules/${rule.id}`, { on: null }), "on");
    await expectBadField(call("PATCH", `/alert-rules/${rule.id}`, { kind: "queue_time" }), "on");
  });
});

describe("fired alerts", () => {
  it("lists an empty page, and refuses a bad limit or cursor", async () => {
    const empty = await call<AlertListResponse>("GET", "/alerts");
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ items: [], nextCursor: null });
    expect((await call<AlertListResponse>("GET", "/alerts?limit=200", undefined, readHeaders)).status).toBe(
      200,
    );
    for (const [query, field] of [
      ["limit=0", "limit"],
      ["limit=201", "limit"],
      ["limit=ten", "limit"],
      ["cursor=not-a-cursor", "cursor"],
    ]) {
      const answer = await call<ApiError>("GET", `/alerts?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.field, query).toBe(field);
    }
  });
});

describe("access", () => {
  it("lets a read key read rules and alerts, but not channels, and change nothing", async () => {
    const { body: rule } = await call<AlertRule>("POST", "/alert-rules", {
      name: "visible",
      kind: "job_state",
      on: ["broke"],
      channels: [],
    });
    const { body: channel } = await call<Channel>("POST", "/channels", slack);
    expect((await call("GET", "/alert-rules", undefined, readHeaders)).status).toBe(200);
    expect((await call("GET", `/alert-rules/${rule.id}`, undefined, readHeaders)).status).toBe(200);
    expect((await call("GET", "/alerts", undefined, readHeaders)).status).toBe(200);
    const refused: [string, string, unknown][] = [
      ["GET", "/channels", undefined],
      ["GET", `/channels/${channel.id}`, undefined],
      ["POST", "/channels", slack],
      ["PATCH", `/channels/${channel.id}`, { name: "x" }],
      ["DELETE", `/channels/${channel.id}`, undefined],
      ["POST", `/channels/${channel.id}/test`, undefined],
      ["POST", "/alert-rules", { name: "x", kind: "job_state", on: ["broke"], channels: [] }],
      ["PATCH", `/alert-rules/${rule.id}`, { enabled: false }],
      ["DELETE", `/alert-rules/${rule.id}`, undefined],
    ];
    for (const [method, path, body] of refused) {
      const answer = await call<ApiError>(method, path, body, readHeaders);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.code).toBe("forbidden");
    }
    expect((await call<AlertRule>("GET", `/alert-rules/${rule.id}`)).body.enabled).toBe(true);
    expect((await call("GET", `/channels/${channel.id}`)).status).toBe(200);
  });

  it("needs the CSRF header for changes from a signed-in browser", async () => {
    const signIn = await fetch(`${server.url}/api/v1/auth/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key: ADMIN_TOKEN }),
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const noCsrf = await call<ApiError>("POST", "/channels", slack, { cookie });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe("csrf");
    const withCsrf = await call("POST", "/channels", slack, { cookie, "x-runwatch-csrf": "1" });
    expect(withCsrf.status).toBe(201);
  });
});

describe("audit", () => {
  it("records channel and rule changes with ids, names and kinds, never credentials", async () => {
    const { body: channel } = await call<Channel>("POST", "/channels", { ...hook, name: "audited hook" });
    await call("PATCH", `/channels/${channel.id}`, {
      config: { secret: NEW_SECRET, url: `${HOOK_URL}&v=2` },
    });
    const { body: rule } = await call<AlertRule>("POST", "/alert-rules", {
      name: "audited rule",
      kind: "stuck_job",
      channels: [channel.id],
    });
    await call("PATCH", `/alert-rules/${rule.id}`, { enabled: false });
    await call("DELETE", `/alert-rules/${rule.id}`);
    await call("DELETE", `/channels/${channel.id}`);

    const created = await call<AuditListResponse>("GET", "/audit?action=channel.created");
    expect(created.status).toBe(200);
    const entry = created.body.items.find((e) => e.target === channel.id);
    expect(entry).toMatchObject({
      actor: expect.any(String),
      action: "channel.created",
      ip: "127.0.0.1",
      details: { name: "audited hook", kind: "webhook" },
    });
    const channels = await call<AuditListResponse>("GET", "/audit?action=channel.*&limit=500");
    const ofChannel = channels.body.items.filter((e) => e.target === channel.id);
    expect(ofChannel.map((e) => e.action).sort()).toEqual([
      "channel.created",
      "channel.deleted",
      "channel.updated",
    ]);
    const updated = ofChannel.find((e) => e.action === "channel.updated");
    expect(updated?.details).toMatchObject({ name: "audited hook", kind: "webhook" });
    // Which fields changed, by name only.
    expect((updated?.details.changed as string[]).sort()).toEqual(["config.secret", "config.url"]);
    expectNoCredentials(channels.text);

    const rules = await call<AuditListResponse>("GET", "/audit?action=rule.*&limit=500");
    const ofRule = rules.body.items.filter((e) => e.target === rule.id);
    expect(ofRule.map((e) => e.action)).toEqual(["rule.deleted", "rule.updated", "rule.created"]);
    expect(ofRule[1]?.details).toMatchObject({ name: "audited rule", kind: "stuck_job", enabled: false });
  });
});

/** Sending to real local receivers: exact bodies per platform, signatures, failures as values, email over SMTP. */
import { createHmac } from "node:crypto";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { channelInputSchema, type Alert } from "../../lib/alerts";
import { NOW, QUEUE_ALERT } from "./alerts.test-fixtures";
import { discordMessage } from "./messages/discord";
import { emailMessage } from "./messages/email";
import { messageOf } from "./messages/message";
import { slackMessage } from "./messages/slack";
import { teamsMessage } from "./messages/teams";
import { webhookBody } from "./messages/webhook";
import { sendNotification, sendTestNotification, USER_AGENT, type SendContext } from "./send";
import { ALLOW_PUBLIC_ONLY, parseOutboundAllow } from "../outbound/address-policy";
import { createMailer } from "./send-email";
import {
  startReceiver,
  startSmtpReceiver,
  type HttpReceiver,
  type SmtpReceiver,
} from "./send.test-receivers";

const TOKEN_PATH = "/services/T0001/B0002/SecretTokenPart1234";
const SECRET = "whsec-test-secret-0123456789";
// The receivers listen on loopback, which the outbound policy refuses unless the allow-list names it.
const LOOPBACK = parseOutboundAllow("127.0.0.1");
const ctx: SendContext = { now: NOW, mailer: null, allow: LOOPBACK, deliveryId: "dl_1" };

const channel = (input: unknown, id = "ch_1") => ({
  id,
  input: channelInputSchema.parse(input),
  createdAt: 0,
  updatedAt: 0,
});
const httpChannel = (kind: string, url: string, secret?: string) =>
  channel({ name: `${kind} ops`, kind, config: { url, ...(secret ? { secret } : {}) } });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});
async function receiver(...args: Parameters<typeof startReceiver>): Promise<HttpReceiver> {
  const r = await startReceiver(...args);
  cleanups.push(() => r.close());
  return r;
}
async function smtpReceiver(...args: Parameters<typeof startSmtpReceiver>): Promise<SmtpReceiver> {
  const r = await startSmtpReceiver(...args);
  cleanups.push(() => r.close());
  return r;
}

describe("HTTP channels", () => {
  it.each([
    ["slack", slackMessage],
    ["teams", teamsMessage],
    ["discord", discordMessage],
  ] as const)("posts the %s formatter's exact body", async (kind, format) => {
    const r = await receiver();
    const result = await sendNotification(httpChannel(kind, r.url + TOKEN_PATH), QUEUE_ALERT, "firing", ctx);
    expect(result).toEqual({ ok: true });
    const [request] = r.requests;
    expect(request).toMatchObject({ method: "POST", path: TOKEN_PATH });
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers["user-agent"]).toBe(USER_AGENT);
    expect(JSON.parse(request?.body ?? "")).toEqual(format(messageOf(QUEUE_ALERT, "firing", NOW)));
    // Only webhook receivers get the signing and delivery headers.
    expect(request?.headers["x-runwatch-signature-256"]).toBeUndefined();
  });

  it("signs the generic webhook over `<timestamp>.<body>`", async () => {
    const r = await receiver(() => ({ status: 204 }));
    const resolved: Alert = { ...QUEUE_ALERT, state: "resolved", event: "resolved" };
    expect(await sendNotification(httpChannel("webhook", r.url, SECRET), resolved, "resolved", ctx)).toEqual({
      ok: true,
    });
    const [request] = r.requests;
    const body = request?.body ?? "";
    expect(body).toBe(JSON.stringify(webhookBody(resolved, "resolved")));
    const timestamp = String(request?.headers["x-runwatch-timestamp"]);
    expect(timestamp).toBe(String(Math.floor(NOW / 1000)));
    const expected = createHmac("sha256", SECRET).update(`${timestamp}.${body}`).digest("hex");
    expect(request?.headers["x-runwatch-signature-256"]).toBe(`sha256=${expected}`);
    expect(request?.headers["x-runwatch-delivery"]).toBe("dl_1");
  });

  it("sends a webhook without a secret unsigned", async () => {
    const r = await receiver();
    await sendNotification(httpChannel("webhook", r.url), QUEUE_ALERT, "firing", ctx);
    expect(r.requests[0]?.headers["x-runwatch-signature-256"]).toBeUndefined();
    expect(r.requests[0]?.headers["x-runwatch-timestamp"]).toBeUndefined();
  });

  it("reports a refusal with its status, Retry-After and the receiver's words apart, never the token", async () => {
    const r = await receiver(() => ({
      status: 429,
      headers: { "retry-after": "7" },
      body: "rate_limited\n",
    }));
    const result = await sendNotification(
      httpChannel("slack", r.url + TOKEN_PATH),
      QUEUE_ALERT,
      "firing",
      ctx,
    );
    expect(result).toEqual({
      ok: false,
      status: 429,
      retryAfter: "7",
      error: "HTTP 429 from receiver",
      detail: "rate_limited",
    });
  });

  it("does not follow redirects", async () => {
    const target = await receiver();
    const r = await receiver(() => ({ status: 302, headers: { location: `${target.url}/elsewhere` } }));
    const result = await sendNotification(
      httpChannel("discord", r.url + TOKEN_PATH),
      QUEUE_ALERT,
      "firing",
      ctx,
    );
    expect(result).toEqual({ ok: false, status: 302, error: "redirect refused (HTTP 302)" });
    expect(r.requests).toHaveLength(1);
    expect(target.requests).toHaveLength(0);
  });

  it("reports an unreachable receiver without its URL's token", async () => {
    const r = await receiver();
    const url = r.url + TOKEN_PATH;
    await r.close();
    const result = await sendNotification(httpChannel("teams", url), QUEUE_ALERT, "firing", ctx);
    expect(result).toEqual({ ok: false, error: "connection refused" });
  });

  it("gives up on a receiver that does not answer in time", async () => {
    const hanging = http.createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    cleanups.push(
      () =>
        new Promise((resolve) => {
          hanging.closeAllConnections();
          hanging.close(() => resolve());
        }),
    );
    const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}${TOKEN_PATH}`;
    const result = await sendNotification(httpChannel("slack", url), QUEUE_ALERT, "firing", {
      ...ctx,
      timeoutMs: 200,
    });
    expect(result).toEqual({ ok: false, error: "timed out" });
  });

  it("sends a channel test as a test", async () => {
    const r = await receiver();
    const result = await sendTestNotification(httpChannel("slack", r.url), { ...ctx, publicUrl: null });
    expect(result).toEqual({ ok: true });
    const body = JSON.parse(r.requests[0]?.body ?? "") as { text: string };
    expect(body.text).toContain("Test notification from Runwatch");
    expect(body.text).toContain("slack ops");
  });
});

describe("email", () => {
  const email = channel({
    name: "oncall",
    kind: "email",
    config: { to: ["oncall@example.com", "lead@example.com"] },
  });
  const smtp = (port: number) => ({
    host: "127.0.0.1",
    port,
    secure: false,
    auth: null,
    from: "Runwatch <alerts@example.com>",
  });

  it("sends the email formatter's subject, text and HTML over SMTP", async () => {
    const server = await smtpReceiver();
    const mailer = createMailer(smtp(server.port), LOOPBACK);
    cleanups.push(async () => mailer.close());
    expect(await sendNotification(email, QUEUE_ALERT, "firing", { ...ctx, mailer })).toEqual({ ok: true });
    const [mail] = await server.waitFor(1);
    expect(mail?.from).toBe("alerts@example.com");
    expect(mail?.to).toEqual(["oncall@example.com", "lead@example.com"]);
    const parsed = await simpleParser(mail?.raw ?? "");
    const expected = emailMessage(messageOf(QUEUE_ALERT, "firing", NOW));
    expect(parsed.subject).toBe(expected.subject);
    expect(parsed.from?.text).toBe('"Runwatch" <alerts@example.com>');
    expect(parsed.text?.trim()).toBe(expected.text.trim());
    expect(parsed.html).toContain("Queue time for pool gpu is 15m");
    expect(parsed.headers.get("x-runwatch-alert")).toBe(QUEUE_ALERT.id);
    expect(parsed.headers.get("x-runwatch-notice")).toBe("firing");
  });

  it("tells a permanent refusal (5xx) from a passing one (4xx)", async () => {
    const server = await smtpReceiver((i) =>
      i === 0 ? { code: 550, message: "mailbox unavailable" } : { code: 451, message: "try later" },
    );
    const mailer = createMailer(smtp(server.port), LOOPBACK);
    cleanups.push(async () => mailer.close());
    const first = await sendNotification(email, QUEUE_ALERT, "firing", { ...ctx, mailer });
    expect(first).toEqual({
      ok: false,
      permanent: true,
      error: "SMTP 550 from server",
      detail: "550 mailbox unavailable",
    });
    const second = await sendNotification(email, QUEUE_ALERT, "firing", { ...ctx, mailer });
    expect(second).toEqual({
      ok: false,
      permanent: false,
      error: "SMTP 451 from server",
      detail: "451 try later",
    });
  });

  it("refuses an SMTP host the outbound policy refuses, before connecting", async () => {
    let connections = 0;
    const trap = net.createServer((socket) => {
      connections += 1;
      socket.end("220 trap ESMTP\r\n");
    });
    await new Promise<void>((resolve) => trap.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => trap.close(() => resolve())));
    const port = (trap.address() as AddressInfo).port;
    for (const host of ["127.0.0.1", "localhost", "2130706433", "::ffff:127.0.0.1"]) {
      const mailer = createMailer({ ...smtp(port), host }, ALLOW_PUBLIC_ONLY);
      cleanups.push(async () => mailer.close());
      expect([host, await sendNotification(email, QUEUE_ALERT, "firing", { ...ctx, mailer })]).toEqual([
        host,
        { ok: false, permanent: true, error: "address not allowed by the outbound policy" },
      ]);
    }
    expect(connections).toBe(0);
  });

  it("fails for good when SMTP is not set up", async () => {
    expect(await sendNotification(email, QUEUE_ALERT, "firing", ctx)).toEqual({
      ok: false,
      permanent: true,
      error: expect.stringContaining("RUNWATCH_SMTP_HOST"),
    });
  });
});

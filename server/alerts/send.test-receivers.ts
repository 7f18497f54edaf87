/**
 * Real receivers for the alerting tests: an HTTP server on 127.0.0.1 standing
 * in for Slack, Teams, Discord or a webhook endpoint, and a real SMTP server
 * (smtp-server). Each records exactly what arrived and answers as scripted.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One request as the receiver saw it. */
export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers request number `index` (0-based). */
export type Answer = { status: number; headers?: Record<string, string>; body?: string };

/** A running HTTP receiver. */
export interface HttpReceiver {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  requests: Received[];
  /** Resolves once `count` requests have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

async function until<T>(check: () => T | null, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Starts an HTTP receiver on a spare port (or `port`, to come back on the same address). */
export async function startReceiver(
  answer: (request: Received, index: number) => Answer = () => ({ status: 200, body: "ok" }),
  port = 0,
): Promise<HttpReceiver> {
  const requests: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const received: Received = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      const reply = answer(received, requests.length);
      requests.push(received);
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    requests,
    waitFor: (count, timeoutMs = 10_000) =>
      until(() => (requests.length >= count ? requests : null), timeoutMs, `${count} request(s)`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One email as the SMTP server received it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as sent: headers and body. */
  raw: string;
}

/** A running SMTP receiver. */
export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/**
 * Starts a real SMTP server on a spare port: no TLS (STARTTLS disabled, so
 * the client's opportunistic upgrade is skipped), sign-in optional.
 * `refuse(index)` may answer a message with an SMTP error code instead.
 */
export async function startSmtpReceiver(
  refuse: (index: number) => { code: number; message: string } | null = () => null,
): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  let attempts = 0;
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    disableReverseLookup: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const refusal = refuse(attempts++);
        if (refusal) {
          const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
          callback(error);
          return;
        }
        const from = session.envelope.mailFrom;
        mails.push({
          from: from ? from.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    waitFor: (count, timeoutMs = 10_000) =>
      until(() => (mails.length >= count ? mails : null), timeoutMs, `${count} email(s)`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

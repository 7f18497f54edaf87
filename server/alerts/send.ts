/**
 * One notification to one channel: render the alert for the channel's
 * platform and send it. Slack, Teams, Discord and the generic webhook are a
 * JSON POST to the channel's URL; email goes through the SMTP mailer.
 *
 * Sending never throws: every failure comes back as `{ ok: false, error }`,
 * with the HTTP status and `Retry-After` when the receiver answered, for the
 * outbox to decide on a retry. Errors never carry a credential: the channel's
 * URL (whose path is the token for Slack, Teams and Discord) is shown
 * redacted, the webhook secret never appears at all.
 */
import { randomUUID } from "node:crypto";
import type { Alert, AlertNotice, ChannelInput } from "../../lib/alerts";
import type { JobLog } from "../../lib/job-log";
import type { Clock } from "../domain/clock";
import type { ConfigRecord } from "../store/store";
import { redactUrl } from "./config";
import { dashboardUrl } from "./format";
import { discordMessage } from "./messages/discord";
import { emailMessage } from "./messages/email";
import { messageLogLines } from "./messages/log-lines";
import { messageOf, type AlertMessage } from "./messages/message";
import { slackMessage } from "./messages/slack";
import { teamsMessage } from "./messages/teams";
import { signWebhook, webhookBody } from "./messages/webhook";
import { createMailer, type Mailer, type SmtpSettings } from "./send-email";

/** How one send attempt ended. `status` and `retryAfter` only when an HTTP receiver answered. */
export type SendResult =
  { ok: true } | { ok: false; status?: number; retryAfter?: string; error: string; permanent?: boolean };

/** What sending needs besides the channel and the alert. */
export interface SendContext {
  /** When the notification is made (ms): the message's time and its "since … ago". */
  now: number;
  /** The SMTP mailer; null when SMTP is not configured. */
  mailer: Mailer | null;
  /** Sent to webhook receivers as `X-Runwatch-Delivery`: the same on every retry, so they can dedupe. */
  deliveryId?: string;
  /** Per HTTP request, ms (default 10 s). */
  timeoutMs?: number;
  /** The failed job's log lines to show (see `messages/log-lines.ts`). */
  logLines?: readonly string[];
}

/** Identifies Runwatch to receivers. */
export const USER_AGENT = "Runwatch-Alerts/1";
const DEFAULT_TIMEOUT_MS = 10_000;
const LOG_WAIT_MS = 5_000;
const MAX_ERROR_BODY = 200;

type Channel = ConfigRecord<ChannelInput>;

/** The JSON body for an HTTP channel, or null for email. */
function httpBody(kind: ChannelInput["kind"], alert: Alert, notice: AlertNotice, m: AlertMessage): unknown {
  switch (kind) {
    case "slack":
      return slackMessage(m);
    case "teams":
      return teamsMessage(m);
    case "discord":
      return discordMessage(m);
    case "webhook":
      return webhookBody(alert, notice);
    case "email":
      return null;
  }
}

/** Send `alert`'s `notice` to `channel`. Never throws. */
export function sendNotification(
  channel: Channel,
  alert: Alert,
  notice: AlertNotice,
  ctx: SendContext,
): Promise<SendResult> {
  return deliver(channel, alert, notice, messageOf(alert, notice, ctx.now, ctx.logLines), ctx);
}

/** The synthetic alert a channel test sends. */
export function testAlert(channel: Channel, now: number, publicUrl: string | null): Alert {
  const at = new Date(now).toISOString();
  return {
    id: `test_${randomUUID()}`,
    ruleId: "test",
    ruleName: "Channel test",
    kind: "job_state",
    severity: "info",
    state: "firing",
    event: "triggered",
    subject: channel.id,
    summary: `This is a test notification from Runwatch to the channel "${channel.input.name}". Alerts routed to it will arrive here.`,
    where: {},
    facts: [{ label: "Channel", value: `${channel.input.name} (${channel.input.kind})` }],
    since: null,
    firedAt: at,
    resolvedAt: null,
    job: null,
    link: dashboardUrl(publicUrl, "/"),
    openedBy: null,
    closedBy: null,
    resolution: null,
  };
}

/** Send a test notification (`POST /channels/:id/test`). Never throws. */
export function sendTestNotification(
  channel: Channel,
  ctx: SendContext & { publicUrl: string | null },
): Promise<SendResult> {
  const alert = testAlert(channel, ctx.now, ctx.publicUrl);
  const message = { ...messageOf(alert, "firing", ctx.now), title: "Test notification from Runwatch" };
  return deliver(channel, alert, "firing", message, ctx);
}

async function deliver(
  channel: Channel,
  alert: Alert,
  notice: AlertNotice,
  message: AlertMessage,
  ctx: SendContext,
): Promise<SendResult> {
  const { kind, config } = channel.input;
  if (kind === "email") {
    if (!ctx.mailer)
      return {
        ok: false,
        permanent: true,
        error: "email is not set up on this server: set RUNWATCH_SMTP_HOST and RUNWATCH_SMTP_FROM",
      };
    if (!config.to?.length) return { ok: false, permanent: true, error: "the channel has no recipients" };
    const mail = emailMessage(message);
    return ctx.mailer.send({
      to: config.to,
      ...mail,
      headers: { "X-Runwatch-Alert": alert.id, "X-Runwatch-Notice": notice },
    });
  }
  if (!config.url) return { ok: false, permanent: true, error: `the ${kind} channel has no url` };
  const body = JSON.stringify(httpBody(kind, alert, notice, message));
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": USER_AGENT,
  };
  if (kind === "webhook") {
    if (ctx.deliveryId) headers["x-runwatch-delivery"] = ctx.deliveryId;
    if (config.secret) Object.assign(headers, signWebhook(body, config.secret, ctx.now / 1000));
  }
  return post(config.url, body, headers, ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS);
}

/** POST without following redirects: a webhook URL that moved is a configuration error, not a hop to take. */
async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<SendResult> {
  const shown = redactUrl(url);
  // A network error can quote the URL it failed on; only its redacted form may leave this function.
  const scrub = (text: string) => text.split(url).join(shown);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { ok: false, error: scrub(networkError(error, timeoutMs, shown)) };
  }
  const excerpt = scrub(await readExcerpt(response));
  if (response.status >= 200 && response.status < 300) return { ok: true };
  const retryAfter = response.headers.get("retry-after");
  return {
    ok: false,
    status: response.status,
    ...(retryAfter ? { retryAfter } : {}),
    error: `HTTP ${response.status} from ${shown}${excerpt ? `: ${excerpt}` : ""}`,
  };
}

function networkError(error: unknown, timeoutMs: number, shown: string): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return `no answer from ${shown} within ${timeoutMs / 1000} s`;
  // undici wraps the socket error: `fetch failed`, cause `connect ECONNREFUSED 127.0.0.1:9`.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
  const reason = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `could not reach ${shown}: ${reason}`;
}

/**
 * The first bytes of a response body as one line (Slack answers `invalid_token`,
 * `channel_is_archived`…), reading no more than needed: a receiver must not
 * be able to make us buffer a huge answer.
 */
async function readExcerpt(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < 1024) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut short says nothing more than the status already does.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks).toString("utf8").replace(/\s+/g, " ").trim();
  return text.length > MAX_ERROR_BODY ? `${text.slice(0, MAX_ERROR_BODY - 1)}…` : text;
}

/** Sends with one SMTP mailer for the process; made once in `app.ts`. */
export interface Sender {
  /** A notification of an outbox row (`deliveryId`), made now. */
  send(channel: Channel, alert: Alert, notice: AlertNotice, deliveryId?: string): Promise<SendResult>;
  /** `POST /channels/:id/test`. */
  sendTest(channel: Channel): Promise<SendResult>;
  /** Closes the SMTP transport. */
  close(): void;
}

/** The process's sender: the SMTP mailer from settings (when configured) and the clock. */
export function createSender(options: {
  /** From the server settings: the SMTP server (null: no email) and the dashboard's public URL. */
  settings: { smtp: SmtpSettings | null; publicUrl: string | null };
  clock: Clock;
  timeoutMs?: number;
  /**
   * A job's kept log excerpt, waiting up to `waitMs` for a first fetch under
   * way (the log worker's `excerptFor`); absent: messages carry no log lines.
   */
  logExcerpt?: (jobId: string, waitMs: number) => Promise<JobLog | null>;
}): Sender {
  const { settings, clock, timeoutMs, logExcerpt } = options;
  const mailer = settings.smtp ? createMailer(settings.smtp) : null;
  // Only a firing job alert is about a job's failure; at most 5 s for its lines to arrive.
  const linesOf = async (alert: Alert): Promise<string[]> => {
    if (!logExcerpt || !alert.job || alert.kind !== "job_state" || alert.state !== "firing") return [];
    const log = await logExcerpt(alert.job.id, LOG_WAIT_MS).catch(() => null);
    return log ? messageLogLines(log) : [];
  };
  return {
    send: async (channel, alert, notice, deliveryId) =>
      sendNotification(channel, alert, notice, {
        now: clock.now(),
        mailer,
        deliveryId,
        timeoutMs,
        logLines: await linesOf(alert),
      }),
    sendTest: (channel) =>
      sendTestNotification(channel, { now: clock.now(), mailer, timeoutMs, publicUrl: settings.publicUrl }),
    close: () => mailer?.close(),
  };
}

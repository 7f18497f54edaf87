/**
 * One notification to one channel: render the alert for the channel's
 * platform and send it. Slack, Teams, Discord and the generic webhook are a
 * JSON POST to the channel's URL; email goes through the SMTP mailer.
 *
 * Every destination goes through the outbound policy (`server/outbound`):
 * HTTP channels via `send-http.ts`, the SMTP server via `send-email.ts`.
 *
 * Sending never throws: every failure comes back as `{ ok: false, error }`,
 * with the HTTP status and `Retry-After` when the receiver answered, for the
 * outbox to decide on a retry. Errors are fixed texts ("HTTP 500 from
 * receiver", "connection refused"): they never carry a credential (the
 * channel's URL is the token for Slack, Teams and Discord) nor the
 * receiver's body, whose start comes back apart, as `detail`.
 */
import { randomUUID } from "node:crypto";
import type { Alert, AlertNotice, ChannelInput } from "../../lib/alerts";
import type { JobLog } from "../../lib/job-log";
import type { Clock } from "../domain/clock";
import type { OutboundAllow } from "../outbound/address-policy";
import type { ConfigRecord } from "../store/store";
import { dashboardUrl } from "./format";
import { discordMessage } from "./messages/discord";
import { emailMessage } from "./messages/email";
import { messageLogLines } from "./messages/log-lines";
import { messageOf, type AlertMessage } from "./messages/message";
import { slackMessage } from "./messages/slack";
import { teamsMessage } from "./messages/teams";
import { signWebhook, webhookBody } from "./messages/webhook";
import { createMailer, type Mailer, type SmtpSettings } from "./send-email";
import { postJson, type SendResult } from "./send-http";

export type { SendResult } from "./send-http";

/** What sending needs besides the channel and the alert. */
export interface SendContext {
  /** When the notification is made (ms): the message's time and its "since … ago". */
  now: number;
  /** The SMTP mailer; null when SMTP is not configured. */
  mailer: Mailer | null;
  /** What HTTP channels may reach beyond public addresses (RUNWATCH_OUTBOUND_ALLOW). */
  allow: OutboundAllow;
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
  return postJson(config.url, body, headers, {
    allow: ctx.allow,
    timeoutMs: ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
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
  /**
   * From the server settings: the SMTP server (null: no email), the dashboard's
   * public URL, and what destinations may be reached beyond public addresses.
   */
  settings: { smtp: SmtpSettings | null; publicUrl: string | null; outboundAllow: OutboundAllow };
  clock: Clock;
  timeoutMs?: number;
  /**
   * A job's kept log excerpt, waiting up to `waitMs` for a first fetch under
   * way (the log worker's `excerptFor`); absent: messages carry no log lines.
   */
  logExcerpt?: (jobId: string, waitMs: number) => Promise<JobLog | null>;
}): Sender {
  const { settings, clock, timeoutMs, logExcerpt } = options;
  const allow = settings.outboundAllow;
  const mailer = settings.smtp ? createMailer(settings.smtp, allow) : null;
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
        allow,
        deliveryId,
        timeoutMs,
        logLines: await linesOf(alert),
      }),
    sendTest: (channel) =>
      sendTestNotification(channel, {
        now: clock.now(),
        mailer,
        allow,
        timeoutMs,
        publicUrl: settings.publicUrl,
      }),
    close: () => mailer?.close(),
  };
}

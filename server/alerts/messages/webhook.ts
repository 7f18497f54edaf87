/**
 * The generic webhook channel (docs/api.md, "Alerting"): a versioned JSON body
 * `{ version: 1, alert: { rule, kind, state, event, summary, job?, url, … } }`
 * signed with HMAC-SHA256 over `"<timestamp>.<body>"`, sent as
 * `X-Runwatch-Signature-256: sha256=<hex>` and `X-Runwatch-Timestamp: <unix s>`.
 * Signing the timestamp with the body lets a receiver refuse replays: check
 * the signature in constant time, then that the timestamp is recent.
 */
import { createHmac } from "node:crypto";
import type { Alert, AlertEvent, AlertFact, AlertJob, AlertNotice, AlertWhere } from "../../../lib/alerts";
import { constantTimeEqual } from "../../domain/credentials";
import { safeHttpUrl } from "../format";

/** `sha256=<hex HMAC-SHA256>` of `"<timestamp>.<body>"`, the value of the signature header. */
const signature = (secret: string, timestamp: string, body: string) =>
  `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;

/** Version of the webhook body. Bump on an incompatible change; fields may be added. */
export const WEBHOOK_BODY_VERSION = 1 as const;
/** Signature header name. */
export const SIGNATURE_HEADER = "X-Runwatch-Signature-256" as const;
/** Timestamp header name. */
export const TIMESTAMP_HEADER = "X-Runwatch-Timestamp" as const;

/** The generic webhook body, version 1. */
export interface WebhookBody {
  version: typeof WEBHOOK_BODY_VERSION;
  alert: {
    /** The alert's id: the same across its firing, reminders and resolution. */
    id: string;
    /** The rule's name. */
    rule: string;
    ruleId: string;
    kind: Alert["kind"];
    severity: Alert["severity"];
    state: Alert["state"];
    event: AlertEvent;
    notice: AlertNotice;
    summary: string;
    subject: string;
    where: AlertWhere;
    facts: AlertFact[];
    since: string | null;
    firedAt: string;
    resolvedAt: string | null;
    job?: AlertJob;
    /** The dashboard view, or else the job in its CI; null when neither is an absolute http(s) URL. */
    url: string | null;
  };
}

/** The body for one notification of an alert. */
export function webhookBody(alert: Alert, notice: AlertNotice): WebhookBody {
  return {
    version: WEBHOOK_BODY_VERSION,
    alert: {
      id: alert.id,
      rule: alert.ruleName,
      ruleId: alert.ruleId,
      kind: alert.kind,
      severity: alert.severity,
      state: alert.state,
      event: alert.event,
      notice,
      summary: alert.summary,
      subject: alert.subject,
      where: alert.where,
      facts: alert.facts,
      since: alert.since,
      firedAt: alert.firedAt,
      resolvedAt: alert.resolvedAt,
      ...(alert.job ? { job: alert.job } : {}),
      url: safeHttpUrl(alert.link) ?? safeHttpUrl(alert.job?.url),
    },
  };
}

/** The two signing headers of a delivery. */
export interface WebhookSignatureHeaders {
  "X-Runwatch-Signature-256": string;
  "X-Runwatch-Timestamp": string;
}

/**
 * The headers that sign `body` (the exact bytes sent, after serialising) at
 * `timestampSeconds`. A channel without a secret sends the body unsigned.
 */
export function signWebhook(body: string, secret: string, timestampSeconds: number): WebhookSignatureHeaders {
  const timestamp = String(Math.floor(timestampSeconds));
  return {
    [SIGNATURE_HEADER]: signature(secret, timestamp, body),
    [TIMESTAMP_HEADER]: timestamp,
  };
}

/**
 * What a receiver does (and the channel test uses): the signature matches
 * `"<timestamp>.<body>"` and the timestamp is within `toleranceSeconds` of now.
 */
export function verifyWebhook(
  body: string,
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  nowSeconds: number,
  toleranceSeconds = 300,
): { ok: true } | { ok: false; error: string } {
  const { signature: given, timestamp } = headers;
  if (!given || !timestamp) return { ok: false, error: "missing signature or timestamp" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, error: "timestamp must be unix seconds" };
  if (!constantTimeEqual(given.trim().toLowerCase(), signature(secret, timestamp, body)))
    return { ok: false, error: "signature does not match" };
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds)
    return { ok: false, error: "stale timestamp" };
  return { ok: true };
}

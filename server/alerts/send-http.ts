/**
 * The JSON POST of an HTTP channel (Slack, Teams, Discord, webhook), made
 * under the outbound policy (`server/outbound`): the receiver's host is
 * checked at connect time, a redirect is never followed, and every failure is
 * worded as a short fixed text. A receiver's own words never make up the
 * error: they come back, cut and cleaned, as `detail`, which only admins see.
 */
import type { OutboundAllow } from "../outbound/address-policy";
import { OutboundError, outboundRequest } from "../outbound/request";

/** How one send attempt ended. `status` and `retryAfter` only when an HTTP receiver answered. */
export type SendResult =
  | { ok: true }
  | {
      ok: false;
      status?: number;
      retryAfter?: string;
      /** A fixed text: "HTTP 500 from receiver", "connection refused", "timed out"… */
      error: string;
      /** The start of the receiver's answer, sanitised (admins only: never shown to a read key). */
      detail?: string;
      permanent?: boolean;
    };

/** The error of a destination the outbound policy refuses. */
export const POLICY_REFUSED = "address not allowed by the outbound policy";

/** Longest `detail` kept. */
export const MAX_DETAIL = 200;
/** Bytes of the answer read at most: enough for the detail, never a huge body buffered. */
const MAX_READ = 1024;

/**
 * The start of a receiver's answer as one printable line: control and format
 * characters dropped, whitespace collapsed, at most {@link MAX_DETAIL} characters.
 */
export function sanitiseDetail(body: Buffer): string {
  const text = body
    .toString("utf8")
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}

const NOT_FOUND = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_NODATA", "ENODATA"]);
const RESET = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);

/** A failure before any answer as a fixed text: which of them says nothing of the receiver's content. */
function failureText(error: unknown): { error: string; permanent?: boolean } {
  if (!(error instanceof OutboundError)) return { error: "connection failed" };
  if (error.kind === "refused") return { error: POLICY_REFUSED, permanent: true };
  if (error.kind === "timeout") return { error: "timed out" };
  const code = error.code ?? "";
  if (code === "ECONNREFUSED") return { error: "connection refused" };
  if (NOT_FOUND.has(code)) return { error: "host not found" };
  if (RESET.has(code)) return { error: "connection reset" };
  if (/CERT|SSL|TLS/.test(code)) return { error: "TLS handshake failed" };
  return { error: "connection failed" };
}

/** Where and how to POST. */
export interface PostOptions {
  allow: OutboundAllow;
  timeoutMs: number;
}

/**
 * POSTs `body` to `url` under the outbound policy, without following a
 * redirect (a 3xx is a failed delivery, "redirect refused"). Never throws.
 * Retry semantics are the outbox's: a timeout or network failure may pass, a
 * policy refusal is `permanent`, an HTTP status is classified by the outbox.
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  { allow, timeoutMs }: PostOptions,
): Promise<SendResult> {
  let response;
  try {
    response = await outboundRequest(url, {
      allow,
      method: "POST",
      body,
      headers,
      timeoutMs,
      maxBytes: MAX_READ,
      followRedirects: false,
    });
  } catch (error) {
    return { ok: false, ...failureText(error) };
  }
  const { status } = response;
  if (status >= 200 && status < 300) return { ok: true };
  const retryAfterHeader = response.headers["retry-after"];
  const retryAfter = Array.isArray(retryAfterHeader) ? retryAfterHeader[0] : retryAfterHeader;
  const detail = sanitiseDetail(response.body);
  return {
    ok: false,
    status,
    ...(retryAfter ? { retryAfter } : {}),
    error:
      status >= 300 && status < 400 ? `redirect refused (HTTP ${status})` : `HTTP ${status} from receiver`,
    ...(detail ? { detail } : {}),
  };
}

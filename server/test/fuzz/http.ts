/**
 * Sending fuzz requests and checking the shape of what comes back.
 */
import type { Random } from "../../../lib/random";
import { signatureHeader } from "./signatures";
import type { WebhookCase } from "./webhook-cases";

export interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  /** The answer's `X-Request-Id`; null when absent. */
  requestId?: string | null;
  /** Set when no HTTP answer came back at all. */
  failure?: string;
}

export async function postWebhook(url: string, c: WebhookCase, rng: Random): Promise<Answer> {
  const headers: Record<string, string> = { "user-agent": "GitHub-Hookshot/fuzz" };
  if (c.contentType !== null) headers["content-type"] = c.contentType;
  if (c.event !== null) headers["x-github-event"] = c.event;
  if (c.delivery !== null) headers["x-github-delivery"] = c.delivery;
  const signature = signatureHeader(c.signature, c.body, rng);
  if (signature !== null) headers["x-hub-signature-256"] = signature;
  return send(`${url}/api/v1/webhooks/github`, { method: "POST", headers, body: new Uint8Array(c.body) });
}

export async function send(url: string, init: RequestInit): Promise<Answer> {
  try {
    const response = await fetch(url, init);
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      text: await response.text(),
      requestId: response.headers.get("x-request-id"),
    };
  } catch (error) {
    const cause = (error as { cause?: { message?: string; code?: string } }).cause;
    return {
      status: 0,
      contentType: null,
      text: "",
      failure: `${(error as Error).message}: ${cause?.code ?? ""} ${cause?.message ?? ""}`,
    };
  }
}

/** Problems with an answer's shape: errors must be `{ error: { code, message } }` JSON without internals. */
export function shapeProblems(answer: Answer): string[] {
  const problems: string[] = [];
  // A success may be something else than JSON (the audit export is CSV or JSON Lines).
  if (answer.status < 300 && !/^application\/json\s*(;|$)/.test(answer.contentType ?? "")) return problems;
  if (answer.status === 204) return problems;
  if (!answer.contentType?.startsWith("application/json"))
    problems.push(`content-type ${answer.contentType}`);
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    return [...problems, "body is not JSON"];
  }
  if (answer.status >= 300) {
    const error = (json as { error?: unknown }).error;
    if (
      typeof error !== "object" ||
      error === null ||
      typeof (error as { code?: unknown }).code !== "string" ||
      typeof (error as { message?: unknown }).message !== "string"
    ) {
      problems.push(`error body is not { error: { code, message } }`);
    }
  }
  if (/\bat [\w.<>]+ \(|node_modules|\.ts:\d+/.test(answer.text)) problems.push("stack trace in body");
  return problems;
}

/** Runs `task(0..count-1)` with at most `limit` in flight. Indexes are handed out in order. */
export async function pool(
  count: number,
  limit: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

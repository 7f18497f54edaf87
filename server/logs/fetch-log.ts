/**
 * Fetching one job's log through the outbound-request policy, and reading the
 * vendor's answer into raw text. Decides only what the answer means for the
 * worker: text to keep, a failure worth retrying (5xx, 429, network, timeout),
 * or one that will not get better (refused by the policy, 4xx, a shape it cannot read).
 */
import type { OutboundAllow } from "../outbound/address-policy";
import { OutboundError, outboundRequest } from "../outbound/request";
import type { LogTarget } from "./log-targets";

/** The most of a log read: the tail is kept (a job's log ends with its failure). */
export const LOG_READ_BYTES = 4 * 1024 * 1024;

/** How one fetch ended. `error` never holds a token: it names the status or the failure kind. */
export type LogFetchResult = { ok: true; text: string } | { ok: false; retry: boolean; error: string };

/** Reads a Buildkite answer: JSON `{ content }`, or the text itself. */
function textOf(target: LogTarget, contentType: string, body: string): string | null {
  if (target.source !== "buildkite" || !contentType.includes("json")) return body;
  try {
    const parsed: unknown = JSON.parse(body);
    const content = (parsed as { content?: unknown } | null)?.content;
    return typeof content === "string" ? content : null;
  } catch {
    return null;
  }
}

/** GETs `target` under `allow`, following the vendor's redirect to the download URL. Never throws. */
export async function fetchLog(
  target: LogTarget,
  allow: OutboundAllow,
  timeoutMs = 15_000,
): Promise<LogFetchResult> {
  try {
    const response = await outboundRequest(target.url, {
      allow,
      headers: { accept: target.accept, "user-agent": "Runwatch-Logs/1" },
      originHeaders: target.credentials,
      timeoutMs,
      // A Buildkite JSON answer is cut only at its end: keep its head so it parses.
      maxBytes: LOG_READ_BYTES,
      keep: target.accept === "application/json" ? "head" : "tail",
      maxRedirects: 3,
    });
    if (response.status >= 500 || response.status === 429)
      return { ok: false, retry: true, error: `${target.source} answered ${response.status}` };
    if (response.status !== 200)
      return { ok: false, retry: false, error: `${target.source} answered ${response.status}` };
    const text = textOf(
      target,
      String(response.headers["content-type"] ?? ""),
      response.body.toString("utf8"),
    );
    if (text === null)
      return { ok: false, retry: false, error: `${target.source} sent a log Runwatch cannot read` };
    return { ok: true, text };
  } catch (error) {
    if (error instanceof OutboundError)
      return { ok: false, retry: error.kind === "timeout" || error.kind === "network", error: error.message };
    return { ok: false, retry: true, error: "the request failed" };
  }
}

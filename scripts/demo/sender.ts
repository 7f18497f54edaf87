/**
 * Posts webhook deliveries the way CI vendors do, with a few requests in
 * flight at most, per-job ordering, and polite retries: `Retry-After` on 429,
 * backoff while the server is unreachable or failing (5xx). Each delivery
 * carries its target: the endpoint and the vendor's headers, signed afresh
 * on every attempt (Buildkite's signature includes the send time).
 */
import { createHmac, randomUUID } from "node:crypto";

/**
 * `X-Hub-Signature-256` (and `X-Runwatch-Signature-256`) for a body: `sha256=`
 * + lowercase hex HMAC-SHA256 of the exact body bytes, keyed with the
 * secret's UTF-8 bytes.
 */
export function signBody(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Where a delivery goes and how it is authenticated. */
export interface Target {
  /** Full endpoint URL, e.g. `http://127.0.0.1:3000/api/v1/webhooks/github`. */
  url: string;
  /**
   * Every header of one attempt (`Content-Type` included). Called again for a
   * retry, so a timestamped signature is never stale.
   */
  headers(delivery: Pick<Delivery, "id" | "event" | "body">, nowMs: number): Record<string, string>;
}

/** One webhook delivery, ready to send. */
export interface Delivery<Meta = unknown> {
  /** The vendor's delivery id (a v4 UUID): unique per delivery, kept across retries and redeliveries. */
  id: string;
  event: string;
  body: string;
  /** Deliveries with the same key are sent one after another, in order (one key per job). */
  key: string;
  target: Target;
  meta: Meta;
}

/** Wraps a JSON body as a delivery to `target` with a fresh delivery id. */
export function makeDelivery<Meta>(
  target: Target,
  event: string,
  payload: unknown,
  key: string,
  meta: Meta,
): Delivery<Meta> {
  return { id: randomUUID(), event, body: JSON.stringify(payload), key, target, meta };
}

/** How one delivery ended. */
export type DeliveryResult =
  | { kind: "accepted"; status: number; duplicate: boolean }
  | { kind: "rejected"; status: number; code: string; message: string; field?: string };

/** Running totals. */
export interface SenderStats {
  /** Deliveries the server answered (finally). */
  sent: number;
  accepted: number;
  duplicate: number;
  rejected: number;
  /** Extra attempts after 429, 5xx or a network error. */
  retries: number;
  /** Deliveries dropped unsent when the sender stopped. */
  unsent: number;
}

/** Options of a sender. */
export interface SenderOptions<Meta> {
  /** Requests in flight at most (default 4). */
  concurrency?: number;
  /** Called once per delivery with its final answer. */
  onResult?: (delivery: Delivery<Meta>, result: DeliveryResult) => void;
  /** Called with human-readable notices (server unreachable, throttled, …). */
  onNotice?: (message: string) => void;
  /** Per-request timeout, ms (default 10 000, the vendors' own limit). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const MAX_SERVER_ERROR_RETRIES = 3;
const MAX_BACKOFF_MS = 15_000;

/** Queue + bounded worker pool that sends deliveries and retries the retryable. */
export class Sender<Meta = unknown> {
  readonly stats: SenderStats = {
    sent: 0,
    accepted: 0,
    duplicate: 0,
    rejected: 0,
    retries: 0,
    unsent: 0,
  };
  private readonly queue: { delivery: Delivery<Meta>; attempts: number }[] = [];
  private readonly busyKeys = new Set<string>();
  private inFlight = 0;
  private pausedUntil = 0;
  private wakeTimer: NodeJS.Timeout | undefined;
  private backoffMs = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: SenderOptions<Meta>) {}

  /** Deliveries waiting to be sent (not counting those in flight). */
  get backlog(): number {
    return this.queue.length;
  }

  /** Adds a delivery to the queue. */
  enqueue(delivery: Delivery<Meta>): void {
    if (this.stopped) return;
    this.queue.push({ delivery, attempts: 0 });
    this.pump();
  }

  /** Resolves when nothing is queued or in flight, or after `timeoutMs`; true if everything went out. */
  async flush(timeoutMs: number): Promise<boolean> {
    if (this.isIdle()) return true;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true)));
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const done = await Promise.race([idle, late]);
    clearTimeout(timer);
    return done;
  }

  /** Drops the queued deliveries `matches` selects (counted as unsent); returns how many. */
  discard(matches: (delivery: Delivery<Meta>) => boolean): number {
    const before = this.queue.length;
    const kept = this.queue.filter((item) => !matches(item.delivery));
    this.queue.length = 0;
    this.queue.push(...kept);
    const dropped = before - kept.length;
    this.stats.unsent += dropped;
    this.settleIdle();
    return dropped;
  }

  /** Drops whatever is still queued and stops retrying; returns how many deliveries were dropped. */
  stop(): number {
    this.stopped = true;
    clearTimeout(this.wakeTimer);
    const dropped = this.queue.length;
    this.stats.unsent += dropped;
    this.queue.length = 0;
    this.settleIdle();
    return dropped;
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.inFlight === 0;
  }

  private settleIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private pump(): void {
    const concurrency = this.options.concurrency ?? 4;
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) {
      if (!this.wakeTimer) {
        this.wakeTimer = setTimeout(() => {
          this.wakeTimer = undefined;
          this.pump();
        }, wait);
      }
      return;
    }
    while (!this.stopped && this.inFlight < concurrency) {
      const index = this.queue.findIndex((item) => !this.busyKeys.has(item.delivery.key));
      if (index < 0) break;
      const [item] = this.queue.splice(index, 1);
      if (!item) break;
      this.inFlight++;
      this.busyKeys.add(item.delivery.key);
      void this.attempt(item).finally(() => {
        this.inFlight--;
        this.busyKeys.delete(item.delivery.key);
        this.pump();
        this.settleIdle();
      });
    }
  }

  /** Puts a delivery back at the front (keeping its job's order) and pauses everyone for `ms`. */
  private retryLater(item: { delivery: Delivery<Meta>; attempts: number }, ms: number): void {
    this.stats.retries++;
    item.attempts++;
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    if (this.stopped) this.stats.unsent++;
    else this.queue.unshift(item);
  }

  private async attempt(item: { delivery: Delivery<Meta>; attempts: number }): Promise<void> {
    const { delivery } = item;
    const endpoint = delivery.target.url;
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(endpoint, {
        method: "POST",
        headers: delivery.target.headers(delivery, Date.now()),
        body: Buffer.from(delivery.body, "utf8"),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      // Several requests fail together when the server goes away: report and back off once.
      if (Date.now() >= this.pausedUntil) {
        this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs ? this.backoffMs * 2 : 500);
        const origin = new URL(endpoint).origin;
        const wait = (this.backoffMs / 1000).toFixed(1);
        this.options.onNotice?.(
          `${networkReason(error)}: is the server running at ${origin}? retrying in ${wait} s`,
        );
      }
      return this.retryLater(item, this.backoffMs);
    }
    this.backoffMs = 0;
    const text = await response.text().catch(() => "");

    if (response.status === 429) {
      const wait = retryAfterMs(response.headers.get("retry-after"));
      if (Date.now() >= this.pausedUntil) {
        this.options.onNotice?.(`throttled (429): pausing ${(wait / 1000).toFixed(1)} s as Retry-After asks`);
      }
      return this.retryLater(item, wait);
    }
    if (response.status >= 500 && item.attempts < MAX_SERVER_ERROR_RETRIES) {
      const wait = 1000 * 2 ** item.attempts;
      this.options.onNotice?.(`server error ${response.status}; retrying in ${wait / 1000} s`);
      return this.retryLater(item, wait);
    }

    this.stats.sent++;
    let result: DeliveryResult;
    if (response.ok) {
      const duplicate = parseJson(text)?.duplicate === true;
      result = { kind: "accepted", status: response.status, duplicate };
      this.stats.accepted++;
      if (duplicate) this.stats.duplicate++;
    } else {
      const error = (parseJson(text)?.error ?? {}) as { code?: unknown; message?: unknown; field?: unknown };
      result = {
        kind: "rejected",
        status: response.status,
        code: typeof error.code === "string" ? error.code : `http_${response.status}`,
        message:
          typeof error.message === "string" ? error.message : text.slice(0, 200) || response.statusText,
        ...(typeof error.field === "string" ? { field: error.field } : {}),
      };
      this.stats.rejected++;
    }
    this.options.onResult?.(delivery, result);
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; 1 s when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (!header) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1000 : Math.max(0, date - now);
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  if (cause?.code === "ECONNREFUSED") return "connection refused";
  if (cause?.code) return `network error ${cause.code}`;
  if (error instanceof Error && error.name === "TimeoutError") return "no answer within 10 s";
  return error instanceof Error ? error.message : String(error);
}

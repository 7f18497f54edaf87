/**
 * The webhook load generator: POSTs over keep-alive `node:http` connections,
 * closed-loop (N connections, each sending its next request when the last is
 * answered) or open-loop (a fixed rate, whatever the answers do).
 *
 * Open-loop latency is measured from when a request was DUE, not when it went
 * out, so a server that falls behind is charged for the queue it causes
 * (no coordinated omission).
 */
import http from "node:http";

/** What to send: a body and its headers. */
export interface Request {
  body: Buffer;
  headers: Record<string, string>;
}

/** What a load run saw. */
export interface LoadResult {
  /** Latency of every answered request, ms, in completion order. */
  latencies: number[];
  /** 2xx answers. */
  ok: number;
  /** Non-2xx answers and failed requests. */
  failed: number;
  /** Answers by status (0: no answer: connection error). */
  statuses: Record<string, number>;
  /** From the first send to the last answer, ms. */
  elapsedMs: number;
  /** Body bytes sent. */
  bytes: number;
}

/** Called with the number of answers so far, at most every 250 ms. */
export type Progress = (answered: number) => void;

/** One POST; resolves with the status (0 on a connection error). */
export function post(agent: http.Agent, url: URL, request: Request): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { ...request.headers, "content-length": String(request.body.length) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(0));
      },
    );
    req.on("error", () => resolve(0));
    req.end(request.body);
  });
}

function tally() {
  const result: LoadResult = { latencies: [], ok: 0, failed: 0, statuses: {}, elapsedMs: 0, bytes: 0 };
  const record = (status: number, ms: number, bytes: number) => {
    result.latencies.push(ms);
    result.bytes += bytes;
    if (status >= 200 && status < 300) result.ok += 1;
    else result.failed += 1;
    result.statuses[status] = (result.statuses[status] ?? 0) + 1;
  };
  return { result, record };
}

function throttled(progress: Progress | undefined): Progress {
  let last = 0;
  return (n) => {
    const now = performance.now();
    if (progress && now - last >= 250) {
      last = now;
      progress(n);
    }
  };
}

/** Options of a closed-loop run. */
export interface ClosedLoopOptions {
  url: string;
  connections: number;
  /** The next request to send; undefined ends the run. */
  next: () => Request | undefined;
  /** Stop sending after this long (ms); requests in flight still finish. */
  durationMs?: number;
  onProgress?: Progress;
  /** Called with each answer: the request, its status, its send time and latency (ms). */
  onAnswer?: (request: Request, status: number, sentAt: number, ms: number) => void;
}

/** `connections` connections, each sending as soon as its last request is answered. */
export async function closedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const { result, record } = tally();
  const progress = throttled(options.onProgress);
  const started = performance.now();
  const until = options.durationMs === undefined ? Infinity : started + options.durationMs;
  const worker = async () => {
    while (performance.now() < until) {
      const request = options.next();
      if (!request) return;
      const t0 = performance.now();
      const status = await post(agent, url, request);
      const ms = performance.now() - t0;
      record(status, ms, request.body.length);
      options.onAnswer?.(request, status, t0, ms);
      progress(result.latencies.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, worker));
  } finally {
    agent.destroy();
  }
  result.elapsedMs = performance.now() - started;
  return result;
}

/** Options of an open-loop run. */
export interface OpenLoopOptions {
  url: string;
  /** Requests per second. */
  rate: number;
  durationMs: number;
  next: () => Request;
  /** Connections at most (requests beyond wait for one, their latency still counted from when due). */
  maxSockets?: number;
  onProgress?: Progress;
  onAnswer?: (request: Request, status: number, dueAt: number, ms: number) => void;
  /** Called just before each request goes out, with its due time. */
  onSend?: (request: Request, dueAt: number) => void;
}

/** Sends at a fixed rate for `durationMs`, then waits for every answer. */
export async function openLoop(options: OpenLoopOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 });
  const { result, record } = tally();
  const progress = throttled(options.onProgress);
  const total = Math.max(1, Math.round((options.rate * options.durationMs) / 1000));
  const interval = 1000 / options.rate;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  let sent = 0;
  try {
    while (sent < total) {
      const now = performance.now();
      // Everything due by now goes out; the rest waits for the next millisecond tick.
      while (sent < total && started + sent * interval <= now) {
        const due = started + sent * interval;
        const request = options.next();
        sent += 1;
        options.onSend?.(request, due);
        pending.push(
          post(agent, url, request).then((status) => {
            const ms = performance.now() - due;
            record(status, ms, request.body.length);
            options.onAnswer?.(request, status, due, ms);
            progress(result.latencies.length);
          }),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(pending);
  } finally {
    agent.destroy();
  }
  result.elapsedMs = performance.now() - started;
  return result;
}

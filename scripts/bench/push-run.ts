/**
 * Push, measured end to end: N dashboards connected with a read key while
 * webhooks arrive at R per second (open-loop); for every acknowledged
 * delivery, the time from its POST to its update at each client, and the
 * share of (job, client) pairs that arrived at all. Also the server's memory
 * with the dashboards connected (before and during the webhooks) and its
 * responsiveness meanwhile.
 */
import { BENCH_ADMIN_TOKEN } from "./server";
import type { ChildServer } from "./child";
import { deliveryStream } from "./deliveries";
import { openLoop } from "./load-client";
import { ticker } from "./progress";
import { connectDashboards, ReceiptBook } from "./push-dashboards";
import { startHealthProbe } from "./runtime";
import { latencyOf, type Latency } from "./stats";

/** What the push test measured. */
export interface PushResult {
  dashboards: number;
  rate: number;
  durationMs: number;
  /** Deliveries acknowledged (2xx) and not. */
  acknowledged: number;
  failed: number;
  /** POST → receipt, over every first receipt of an acknowledged job at a client. */
  latency: Latency;
  /** Received ÷ expected (acknowledged jobs × dashboards), percent. */
  deliveredPct: number;
  expected: number;
  received: number;
  /** Server RSS (MB) with the dashboards connected, before the webhooks; and the most seen during them. */
  rssConnectedMb: number | null;
  rssPeakMb: number | null;
  connectMs: number;
  healthz: Latency;
  /** The benchmark process's CPU while receiving, % of one core (near 100: the client, not the server, limited). */
  clientCpuPct: number;
}

/** Creates a read-only API key through the admin API; resolves with its secret. */
export async function createReadKey(url: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench dashboards", scopes: ["read"] }),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST /api/v1/keys answered ${response.status}: ${text}`);
  return (JSON.parse(text) as { secret: string }).secret;
}

/** Options of the push test. */
export interface PushOptions {
  dashboards: number;
  rate: number;
  durationMs: number;
  /** How long to wait after the last acknowledgement for updates still in flight. */
  graceMs: number;
  firstJobId: number;
  /** The node the webhooks go to (default: `server`, where the dashboards are). */
  webhooks?: ChildServer;
  log: (line: string) => void;
}

/** Connects the dashboards, sends the webhooks, waits for the updates, disconnects. */
export async function measurePush(server: ChildServer, options: PushOptions): Promise<PushResult> {
  const token = await createReadKey(server.url);
  const book = new ReceiptBook(options.dashboards);
  const tick = ticker("push");
  const c0 = performance.now();
  const dashboards = await connectDashboards(server.url, token, options.dashboards, book, (n) =>
    tick.update(`${n} / ${options.dashboards} dashboards connected`),
  );
  const connectMs = performance.now() - c0;
  tick.done();
  try {
    // Let the handshakes' work settle before reading memory.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const rssConnectedMb = server.rssMb();
    options.log(
      `  ${options.dashboards} dashboards connected in ${(connectMs / 1000).toFixed(1)} s; server RSS ${rssConnectedMb?.toFixed(0) ?? "?"} MB`,
    );
    let rssPeakMb = rssConnectedMb;
    const sampler = setInterval(() => {
      const rss = server.rssMb();
      if (rss !== null) rssPeakMb = Math.max(rssPeakMb ?? 0, rss);
    }, 250);
    const stream = deliveryStream({ firstJobId: options.firstJobId, firstRunId: options.firstJobId });
    const acked = new Set<string>();
    const ids = new WeakMap<object, string>();
    const probe = startHealthProbe(server.url);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const load = await openLoop({
      url: `${(options.webhooks ?? server).url}/api/v1/webhooks/github`,
      rate: options.rate,
      durationMs: options.durationMs,
      maxSockets: 256,
      next: () => {
        const delivery = stream.next();
        ids.set(delivery, delivery.jobId);
        return delivery;
      },
      onSend: (request) => book.sent(ids.get(request) ?? "", performance.now()),
      onAnswer: (request, status) => {
        if (status >= 200 && status < 300) acked.add(ids.get(request) ?? "");
      },
      onProgress: (n) =>
        tick.update(
          `${n.toLocaleString("en-US")} webhooks answered, ${book.latencies.length.toLocaleString("en-US")} updates received`,
        ),
    });
    // Updates still on their way: wait until every pair arrived, or the grace period ends.
    const until = performance.now() + options.graceMs;
    while (performance.now() < until) {
      const { expected, received } = book.share(acked);
      if (received >= expected) break;
      tick.update(
        `waiting for updates: ${received.toLocaleString("en-US")} / ${expected.toLocaleString("en-US")}`,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const elapsed = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    const healthz = latencyOf(await probe.stop());
    tick.done();
    const { expected, received } = book.share(acked);
    return {
      dashboards: options.dashboards,
      rate: options.rate,
      durationMs: options.durationMs,
      acknowledged: load.ok,
      failed: load.failed,
      latency: latencyOf(book.latencies),
      deliveredPct: expected ? (received * 100) / expected : 0,
      expected,
      received,
      rssConnectedMb,
      rssPeakMb,
      connectMs,
      healthz,
      clientCpuPct: ((cpu.user + cpu.system) / 1000 / elapsed) * 100,
    };
  } finally {
    dashboards.close();
  }
}

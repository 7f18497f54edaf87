/**
 * Fills a Runwatch server with hours of simulated CI history from the demo's
 * own model and payload builders (`scripts/demo`): the same signed deliveries
 * `npm run demo` sends, dated so the history ends now. Used by the e2e specs
 * to give Insights something to draw; nothing here invents a vendor payload.
 */
import { Cluster } from "../scripts/demo/cluster";
import { Feed, type DeliveryMeta } from "../scripts/demo/feed";
import { Random, seedFrom } from "../lib/random";
import { Sender, type SenderStats } from "../scripts/demo/sender";
import { SOURCES, secondsSince2025, type SourceKey } from "../scripts/demo/sources";

/** What history to send, and where. */
export interface DemoHistoryOptions {
  baseUrl: string;
  /** Secret of each source to simulate; sources without one are left out. */
  secrets: Partial<Record<SourceKey, string>>;
  /** How far back the history starts. */
  hours: number;
  /** New pipeline runs per minute, all sources together. */
  ratePerMinute: number;
  seed: string;
  /** Longest wait for every delivery to be answered. */
  timeoutMs?: number;
}

/**
 * Simulates `hours` of runs in real time (speed 1, so durations and queue
 * times are realistic), dated to end now, and sends every delivery. The
 * simulation cancels what it still runs at the end, so nothing stays active.
 * Resolves with the sender's totals once every delivery was answered.
 */
export async function sendDemoHistory(options: DemoHistoryOptions): Promise<SenderStats> {
  const { baseUrl, secrets, hours, ratePerMinute, seed, timeoutMs = 120_000 } = options;
  const spanMs = hours * 3_600_000;
  const now = Date.now();
  const epoch = now - spanMs;
  const enabled = SOURCES.filter((source) => secrets[source.key]);
  const totalShare = enabled.reduce((sum, source) => sum + source.share, 0);
  const sender = new Sender<DeliveryMeta>({ concurrency: 6 });
  for (const source of enabled) {
    const cluster = new Cluster({
      seed: seedFrom(`${seed}:${source.key}`),
      speed: 1,
      ratePerMinute: (ratePerMinute * source.share) / totalShare,
      // Queue spikes are paced for an accelerated session; in real time they would swamp the history.
      spikes: false,
      catalog: source.catalog,
      agents: source.agents,
      ...source.ids(secondsSince2025(now)),
    });
    const events = [...cluster.advance(spanMs), ...cluster.stop(spanMs)];
    // No duplicates or late deliveries: the history should be exactly what the model did.
    const chaos = { duplicate: 0, late: 0 };
    const target = source.target(baseUrl, secrets[source.key]!);
    const feed = new Feed(source, target, sender, new Random(seedFrom(`${seed}:${source.key}:feed`)), chaos);
    feed.push(events, epoch, (_at, message) => message);
    feed.release();
  }
  const done = await sender.flush(timeoutMs);
  sender.stop();
  if (!done) throw new Error(`demo history: deliveries still unanswered after ${timeoutMs} ms`);
  return sender.stats;
}

/**
 * `npm run demo`: simulated CI systems — GitHub Actions, GitLab CI,
 * Buildkite, Jenkins and home-grown runners on the generic endpoint — with
 * repositories, runner pools, agents, failures, flaky jobs and queue spikes,
 * sending signed webhooks to a running Runwatch server. Each system runs when
 * its secret is set, in the variable the server reads.
 *
 *   npm run demo -- --rate 30 --speed 10 --duration 120
 *
 * See `npm run demo -- --help`.
 */
import { runBackfill } from "./demo/backfill-run";
import { Cluster, type SimEvent } from "./demo/cluster";
import { Feed, type DeliveryMeta } from "./demo/feed";
import { deliveryLine, noteLine, paint, rejection, summaryLine } from "./demo/log";
import {
  HELP,
  parseOptions,
  skippedLine,
  UsageError,
  type EnabledSource,
  type Options,
} from "./demo/options";
import { Random, seedFrom } from "../lib/random";
import { Sender, type Delivery, type DeliveryResult } from "./demo/sender";
import { secondsSince2025 } from "./demo/sources";

/** One simulated CI system in this session. */
interface Lane {
  enabled: EnabledSource;
  cluster: Cluster;
  feed: Feed;
}

/** Waits until the server answers `/healthz`, retrying with backoff; false if interrupted. */
async function waitForServer(url: string, interrupted: () => boolean): Promise<boolean> {
  let delay = 500;
  for (;;) {
    try {
      await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) });
      return true;
    } catch {
      console.log(
        paint(
          "yellow",
          `cannot reach Runwatch: is the server running at ${url}? retrying in ${delay / 1000} s`,
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (interrupted()) return false;
    delay = Math.min(10_000, delay * 2);
  }
}

/** Why an endpoint refused us, and what to do about it; null when the refusal is not about setup. */
function setupProblem(lane: Lane, delivery: Delivery, result: DeliveryResult): string | null {
  if (result.kind !== "rejected") return null;
  const { source } = lane.enabled;
  if (result.status === 401) {
    return (
      paint("red", `\nThe server refused the ${source.label} deliveries: ${rejection(result)}\n`) +
      `Start the demo with the same ${source.secretVariable} as the server (and set it on the server).`
    );
  }
  if (result.status === 404) {
    const path = new URL(delivery.target.url).pathname;
    return paint("red", `\nThis Runwatch server has no ${path} endpoint; skipping ${source.label}.`);
  }
  return null;
}

/** Sends the history before the live session; false when the demo should stop (a refused delivery). */
async function backfill(opts: Options, interrupted: () => boolean): Promise<boolean> {
  const tty = Boolean(process.stdout.isTTY);
  let lastTenth = -1;
  console.log(
    `sending ${opts.backfillDays} days of history first (--no-backfill to skip; sent again, it is not doubled)`,
  );
  const summary = await runBackfill({
    sources: opts.sources,
    url: opts.url,
    days: opts.backfillDays,
    via: opts.backfillVia,
    env: process.env,
    interrupted,
    print: (line) => console.log(paint("yellow", line)),
    progress: (line, share) => {
      if (tty) return void process.stdout.write(`\r${line}`);
      // In a log: a line at each tenth.
      const tenth = Math.floor(share * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      console.log(line);
    },
  });
  if (tty && summary.via !== "skipped") process.stdout.write("\n");
  if (summary.via === "skipped") {
    if (summary.rejected > 0) {
      console.error(paint("red", `history refused: ${summary.problem ?? "unknown reason"}`));
      return false;
    }
    console.log(paint("yellow", `history skipped: ${summary.problem ?? "nothing to send"}`));
    return true;
  }
  const already =
    summary.duplicate > 0 ? `, ${summary.duplicate.toLocaleString("en-US")} already stored` : "";
  console.log(
    paint(
      summary.rejected > 0 ? "red" : "green",
      `history: ${summary.jobs.toLocaleString("en-US")} jobs in ${summary.deliveries.toLocaleString("en-US")} ` +
        `deliveries (${summary.via}) in ${summary.seconds.toFixed(1)} s${already}` +
        (summary.rejected > 0 ? `; ${summary.rejected} refused: ${summary.problem}` : ""),
    ),
  );
  return summary.rejected === 0;
}

function makeLanes(opts: Options, sender: Sender<DeliveryMeta>, epoch: number): Lane[] {
  const totalShare = opts.sources.reduce((sum, e) => sum + e.source.share, 0);
  const seconds = secondsSince2025(epoch);
  return opts.sources.map((enabled) => {
    const { source } = enabled;
    const cluster = new Cluster({
      seed: seedFrom(`${opts.seed}:${source.key}`),
      speed: opts.speed,
      ratePerMinute: opts.once ? 0 : (opts.rate * source.share) / totalShare,
      spikes: !opts.once && source.spikes,
      catalog: source.catalog,
      agents: source.agents,
      ...source.ids(seconds),
    });
    const target = source.target(opts.url, enabled.secret);
    const feed = new Feed(source, target, sender, new Random(seedFrom(`${opts.seed}:${source.key}:chaos`)));
    return { enabled, cluster, feed };
  });
}

async function main(): Promise<number> {
  let options: Options | "help";
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`demo: ${message}\n\n${error instanceof UsageError ? "" : HELP}`.trimEnd());
    return 2;
  }
  if (options === "help") {
    console.log(HELP);
    return 0;
  }
  const opts = options;
  for (const { source, secret } of opts.sources) {
    if (secret.length < 8) {
      console.warn(
        paint("yellow", `warning: the server requires ${source.secretVariable} to be at least 8 characters`),
      );
    }
  }

  let stopping = false;
  let fatal = false;
  let onInterrupt: () => void = () => {
    stopping = true;
  };
  process.on("SIGINT", () => onInterrupt());
  process.on("SIGTERM", () => onInterrupt());

  const mode = opts.once ? "one burst" : `${opts.rate} runs/min · speed ×${opts.speed}`;
  const until = opts.once ? "" : opts.duration === null ? " · Ctrl-C to stop" : ` · for ${opts.duration} s`;
  const names = opts.sources.map((e) => e.source.label).join(", ");
  console.log(`Runwatch demo → ${opts.url} · ${names} · ${mode} · seed ${opts.seed}${until}`);
  const skipped = skippedLine(opts.skipped);
  if (skipped) console.log(paint("dim", skipped));
  if (!(await waitForServer(opts.url, () => stopping))) return 130;
  if (opts.backfillDays > 0 && !(await backfill(opts, () => stopping))) return 1;
  if (stopping) return 130;

  let epoch = Date.now();
  let lanes: Lane[] = [];
  const laneOf = (delivery: Delivery<DeliveryMeta>) =>
    lanes.find((l) => l.enabled.source === delivery.meta.source);
  const sender = new Sender<DeliveryMeta>({
    concurrency: 6,
    onNotice: (message) => console.log(paint("yellow", message)),
    onResult: (delivery, result) => {
      const lane = laneOf(delivery);
      if (lane?.feed.isClosed) return;
      for (const note of delivery.meta.notes) console.log(note);
      console.log(deliveryLine(delivery.meta, result));
      const problem = lane ? setupProblem(lane, delivery, result) : null;
      if (!lane || !problem) return;
      console.error(problem);
      lane.feed.close();
      sender.discard((d) => d.meta.source === lane.enabled.source);
      if (lanes.every((l) => l.feed.isClosed)) {
        fatal = true;
        onInterrupt();
      }
    },
  });
  const push = (lane: Lane, events: SimEvent[]) => lane.feed.push(events, epoch, noteLine);
  const finish = async (code: number) => {
    for (const lane of lanes) lane.feed.release();
    if (!fatal) await sender.flush(opts.once ? 60_000 : 5000);
    sender.stop();
    console.log(summaryLine(sender.stats));
    if (fatal) return 1;
    return code || (sender.stats.rejected > 0 || sender.stats.unsent > 0 ? 1 : 0);
  };

  lanes = makeLanes(opts, sender, epoch);

  if (opts.once) {
    // Simulate every burst, then date them so the last event happens now.
    const all: { lane: Lane; event: SimEvent }[] = [];
    for (const lane of lanes) {
      lane.cluster.burst(0);
      for (const event of lane.cluster.advance(Number.POSITIVE_INFINITY)) all.push({ lane, event });
    }
    all.sort((a, b) => a.event.at - b.event.at);
    epoch = Date.now() - (all.at(-1)?.event.at ?? 0);
    onInterrupt = () => {
      if (stopping) process.exit(130);
      stopping = true;
      sender.stop();
    };
    for (const { lane, event } of all) push(lane, [event]);
    return finish(stopping ? 130 : 0);
  }

  return new Promise<number>((resolve) => {
    const tick = () => {
      const now = Date.now() - epoch;
      for (const lane of lanes) push(lane, lane.cluster.advance(now));
      if (opts.duration !== null && now >= opts.duration * 1000) onInterrupt();
    };
    const timer = setInterval(tick, 200);
    onInterrupt = () => {
      if (stopping) {
        // Second Ctrl-C: leave now.
        sender.stop();
        console.log(summaryLine(sender.stats));
        process.exit(130);
      }
      stopping = true;
      clearInterval(timer);
      if (!fatal) {
        const running = lanes.reduce((n, lane) => n + lane.cluster.activeJobs, 0);
        if (running > 0) console.log(paint("dim", `stopping: cancelling ${running} unfinished jobs…`));
        for (const lane of lanes) push(lane, lane.cluster.stop(Date.now() - epoch));
      }
      void finish(0).then(resolve);
    };
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);

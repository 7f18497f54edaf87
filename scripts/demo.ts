/**
 * `npm run demo`: a simulated GitHub Actions organisation (repositories,
 * runner pools, failures, flaky tests, queue spikes) sending signed
 * `workflow_job` webhooks to a running Runwatch server.
 *
 *   npm run demo -- --rate 30 --speed 10 --duration 120
 *
 * See `npm run demo -- --help`.
 */
import { randomInt } from "node:crypto";
import { parseArgs } from "node:util";
import { Cluster, type JobSnapshot, type SimEvent } from "./demo/cluster";
import { buildWorkflowJobPayload } from "./demo/github-payload";
import { noteLine, paint, rejection, summaryLine, transitionLine } from "./demo/log";
import { seedFrom } from "./demo/random";
import { makeDelivery, Sender, type Delivery, type DeliveryResult } from "./demo/sender";

const HELP = `Usage: npm run demo -- [options]

Sends a realistic stream of signed GitHub "workflow_job" webhooks to a running
Runwatch server, so the dashboard comes alive.

Options:
  --url <url>        Runwatch base URL (default http://127.0.0.1:$PORT, PORT defaults to 3000)
  --secret <secret>  webhook secret (default $RUNWATCH_GITHUB_SECRET); must match the server's
  --rate <n>         new workflow runs per minute (default 20)
  --speed <x>        time acceleration: a 4-minute job takes 4/x minutes (default 8)
  --duration <s>     stop after this many seconds (default: run until Ctrl-C)
  --seed <value>     replay the same cluster (default: random, printed at start)
  --once             send one short, complete burst of runs, then exit
  -h, --help         show this help

On exit the demo cancels the jobs it still has running, so none stays "running"
on the dashboard, then prints how many deliveries were accepted or rejected.
`;

interface Options {
  url: string;
  secret: string;
  rate: number;
  speed: number;
  duration: number | null;
  seed: string;
  once: boolean;
}

class UsageError extends Error {}

/** What the log needs about each delivery. */
interface Transition {
  job: JobSnapshot;
  /** Log notes that happened just before this transition. */
  notes: string[];
}

function parseOptions(argv: string[]): Options | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: "string" },
      secret: { type: "string" },
      rate: { type: "string" },
      speed: { type: "string" },
      duration: { type: "string" },
      seed: { type: "string" },
      once: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return "help";
  const number = (name: string, raw: string | undefined, fallback: number, max: number) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0 || value > max) {
      throw new UsageError(`--${name} must be a number above 0 and at most ${max} (got "${raw}")`);
    }
    return value;
  };
  const secret = values.secret ?? process.env.RUNWATCH_GITHUB_SECRET ?? "";
  if (!secret) {
    throw new UsageError(
      "No webhook secret. Set RUNWATCH_GITHUB_SECRET to the same value the Runwatch server uses\n" +
        "(or pass --secret), e.g.\n  RUNWATCH_GITHUB_SECRET=change-me-please npm run demo",
    );
  }
  const url = (values.url ?? `http://127.0.0.1:${process.env.PORT || 3000}`).replace(/\/+$/, "");
  try {
    new URL(url);
  } catch {
    throw new UsageError(`--url must be an absolute URL such as http://127.0.0.1:3000 (got "${url}")`);
  }
  return {
    url,
    secret,
    rate: number("rate", values.rate, 20, 600),
    speed: number("speed", values.speed, 8, 1000),
    duration: values.duration === undefined ? null : number("duration", values.duration, 0, 7 * 24 * 3600),
    seed: values.seed ?? String(randomInt(1, 1_000_000)),
    once: values.once ?? false,
  };
}

/** Ids that differ between sessions, so running the same seed twice is not deduplicated. */
function firstIds(epochMs: number): { firstJobId: number; firstRunId: number } {
  const seconds = Math.max(0, Math.floor((epochMs - Date.UTC(2025, 0, 1)) / 1000));
  return { firstJobId: 30_000_000_000 + seconds * 1000, firstRunId: 12_000_000_000 + seconds * 100 };
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

async function main(): Promise<number> {
  let options: Options | "help";
  try {
    options = parseOptions(process.argv.slice(2));
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
  if (opts.secret.length < 8) {
    console.warn(
      paint("yellow", "warning: the server requires RUNWATCH_GITHUB_SECRET to be at least 8 characters"),
    );
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
  console.log(`Runwatch demo → ${opts.url} · ${mode} · seed ${opts.seed}${until}`);
  if (!(await waitForServer(opts.url, () => stopping))) return 130;

  let epoch = Date.now();
  // Notes (spikes, re-runs) are printed just before the next transition's line, so they keep their place.
  let notes: string[] = [];
  const sender = new Sender<Transition>({
    endpoint: `${opts.url}/api/v1/webhooks/github`,
    secret: opts.secret,
    concurrency: 4,
    onNotice: (message) => console.log(paint("yellow", message)),
    onResult: (delivery: Delivery<Transition>, result: DeliveryResult) => {
      for (const note of delivery.meta.notes) console.log(note);
      const job = delivery.meta.job;
      const at = epoch + (job.completedAt ?? job.startedAt ?? job.createdAt);
      console.log(transitionLine(job, at, result));
      if (result.kind === "rejected" && result.status === 401 && !fatal) {
        fatal = true;
        console.error(
          paint("red", `\nThe server refused the delivery: ${rejection(result)}\n`) +
            "Start the demo with the same RUNWATCH_GITHUB_SECRET as the server (or pass --secret).",
        );
        onInterrupt();
      }
    },
  });
  const send = (events: SimEvent[]) => {
    for (const event of events) {
      if (event.type === "note") notes.push(noteLine(epoch + event.at, event.message));
      else {
        const payload = buildWorkflowJobPayload(event.job, epoch);
        sender.enqueue(
          makeDelivery("workflow_job", payload, String(event.job.id), { job: event.job, notes }),
        );
        notes = [];
      }
    }
  };
  const finish = async (code: number) => {
    if (!fatal) await sender.flush(opts.once ? 60_000 : 5000);
    sender.stop();
    console.log(summaryLine(sender.stats));
    if (fatal) return 1;
    return code || (sender.stats.rejected > 0 || sender.stats.unsent > 0 ? 1 : 0);
  };

  const cluster = new Cluster({
    seed: seedFrom(opts.seed),
    speed: opts.speed,
    ratePerMinute: opts.once ? 0 : opts.rate,
    spikes: !opts.once,
    ...firstIds(epoch),
  });

  if (opts.once) {
    // Simulate the whole burst, then date it so its last event happens now.
    cluster.burst(0);
    const events = cluster.advance(Number.POSITIVE_INFINITY);
    const end = events.at(-1)?.at ?? 0;
    epoch = Date.now() - end;
    onInterrupt = () => {
      if (stopping) process.exit(130);
      stopping = true;
      sender.stop();
    };
    send(events);
    return finish(stopping ? 130 : 0);
  }

  return new Promise<number>((resolve) => {
    const tick = () => {
      const now = Date.now() - epoch;
      send(cluster.advance(now));
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
        const running = cluster.activeJobs;
        if (running > 0) console.log(paint("dim", `stopping: cancelling ${running} unfinished jobs…`));
        send(cluster.stop(Date.now() - epoch));
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

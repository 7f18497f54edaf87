/** `npm run bench` command line. */
import { parseArgs } from "node:util";

/** The usage text of `npm run bench -- --help`. */
export const HELP = `Usage: npm run bench -- [options]

Measures, in one run, side by side with baselines taken in the same run:
  ingest   Runwatch (a child process started like \`npm start\`, on a fresh data
           folder) against bare node:http baselines (read the body; verify the
           GitHub signature + JSON.parse): signed distinct workflow_job deliveries
           over 32 connections in alternating rounds, open-loop at 70% of the
           rate reached, a burst of 5,000 over 64 connections, and one run
           growing to 5,000 jobs.
  metrics  the metrics API on a generated store (--jobs), against the naive
           computation (raw rows, exact percentiles) and the sketch's accuracy.
  push     N socket.io dashboards on that store while webhooks arrive at R/s:
           POST → update latency at every client, share delivered, server RSS.
  browser  Chromium: the first rows of every page on that store (needs the
           dashboard build; made when missing or stale unless --no-build).
  engines  ingest rate and push latency on SQLite, on PostgreSQL + Redis (one
           node), and on two nodes sharing them (load split, dashboards on the
           node the webhooks do not reach): a throwaway cluster and redis-server
           are started; skipped, saying why, when their binaries are absent.
Prints a table (each figure with its ratio, target and met / not met) and writes
bench-results/<timestamp>.json and latest.json.

Options:
  --quick            a run under 3 minutes: 100,000 jobs, 200 dashboards, short rounds
  --sections <list>  comma-separated subset of ingest,metrics,push,browser,eta,engines (default all)
  --jobs <n>         jobs to generate (default 1000000; 100000 with --quick)
  --dashboards <n>   socket.io clients in the push test (default 1000; 200 with --quick)
  --rate <n>         webhooks per second in the push test (default 500)
  --no-build         never run next build (the browser figure is then not measured without a build)
  --seed <text>      generator seed (default "runwatch-bench")
  --reps <n>         timed calls per endpoint after warm-up (default 100; 20 with --quick)
  --warmup <n>       untimed calls per endpoint first (default 10; 3 with --quick)
  --naive-reps <n>   timed runs of each naive baseline (default 10; 3 with --quick)
  --budget <s>       time spent on each endpoint, and on its naive baseline, at most (default 5; 1 with --quick)
  --out <dir>        where the JSON goes (default bench-results)
  --keep             keep the temporary data folders (their paths are printed)
  -h, --help         show this help
`;

/** The parts of the benchmark. */
export const SECTIONS = ["ingest", "metrics", "push", "browser", "eta", "engines"] as const;

/** One part of the benchmark. */
export type Section = (typeof SECTIONS)[number];

/** How long the live tests run: fixed by --quick or not. */
export interface LivePlan {
  /** Alternating ingest rounds, and each round's length (ms). */
  rounds: number;
  roundMs: number;
  connections: number;
  burst: { deliveries: number; connections: number; capMs: number };
  growing: { jobs: number; window: number; capMs: number };
  push: { durationMs: number; graceMs: number };
}

/** The parsed command line. */
export interface BenchOptions {
  quick: boolean;
  sections: Set<Section>;
  jobs: number;
  dashboards: number;
  rate: number;
  build: boolean;
  seed: string;
  reps: number;
  warmup: number;
  naiveReps: number;
  budgetMs: number;
  out: string;
  keep: boolean;
  help: boolean;
  live: LivePlan;
}

/** A command-line mistake: printed without the usage text. */
export class UsageError extends Error {}

const integer = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return value;
};

function sections(raw: string | undefined): Set<Section> {
  if (raw === undefined) return new Set(SECTIONS);
  const names = raw.split(",").map((s) => s.trim());
  for (const name of names)
    if (!(SECTIONS as readonly string[]).includes(name))
      throw new UsageError(`--sections: unknown section "${name}" (${SECTIONS.join(", ")})`);
  return new Set(names as Section[]);
}

/** The live tests' lengths: short with --quick (the whole run under 3 minutes), else under 15 minutes on 2 cores. */
export function livePlan(quick: boolean): LivePlan {
  const pick = (quickValue: number, fullValue: number) => (quick ? quickValue : fullValue);
  return {
    rounds: pick(2, 3),
    roundMs: pick(3_000, 8_000),
    connections: 32,
    burst: { deliveries: 5_000, connections: 64, capMs: pick(30_000, 120_000) },
    growing: { jobs: 5_000, window: 500, capMs: pick(30_000, 180_000) },
    push: { durationMs: pick(4_000, 10_000), graceMs: pick(10_000, 15_000) },
  };
}

/** Parses `argv` (without node and the script). @throws UsageError */
export function parseBenchOptions(argv: string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        quick: { type: "boolean" },
        sections: { type: "string" },
        jobs: { type: "string" },
        dashboards: { type: "string" },
        rate: { type: "string" },
        "no-build": { type: "boolean" },
        seed: { type: "string" },
        reps: { type: "string" },
        warmup: { type: "string" },
        "naive-reps": { type: "string" },
        budget: { type: "string" },
        out: { type: "string" },
        keep: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const quick = values.quick ?? false;
  return {
    quick,
    sections: sections(values.sections),
    jobs: integer("jobs", values.jobs, quick ? 100_000 : 1_000_000, 1_000, 20_000_000),
    dashboards: integer("dashboards", values.dashboards, quick ? 200 : 1_000, 1, 20_000),
    rate: integer("rate", values.rate, 500, 1, 100_000),
    build: !(values["no-build"] ?? false),
    seed: values.seed ?? "runwatch-bench",
    reps: integer("reps", values.reps, quick ? 20 : 100, 5, 100_000),
    warmup: integer("warmup", values.warmup, quick ? 3 : 10, 0, 10_000),
    naiveReps: integer("naive-reps", values["naive-reps"], quick ? 3 : 10, 1, 1_000),
    budgetMs: integer("budget", values.budget, quick ? 1 : 5, 1, 3_600) * 1000,
    out: values.out ?? "bench-results",
    keep: values.keep ?? false,
    help: values.help ?? false,
    live: livePlan(quick),
  };
}

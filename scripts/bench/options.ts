/** `npm run bench` command line. */
import { parseArgs } from "node:util";

/** The usage text of `npm run bench -- --help`. */
export const HELP = `Usage: npm run bench -- [options]

Generates realistic jobs into a fresh SQLite store in a temporary folder,
builds the metric roll-ups, starts the real server on 127.0.0.1 and measures
the API over keep-alive HTTP: latency percentiles per endpoint against the
targets, the naive way (raw rows, exact percentiles by sorting) measured in the
same run as the baseline, and the sketch's error against exact percentiles.
Prints a table and writes bench-results/<timestamp>.json and latest.json.

Options:
  --jobs <n>         jobs to generate (default 1000000)
  --seed <text>      generator seed (default "runwatch-bench")
  --reps <n>         timed calls per endpoint after warm-up (default 100)
  --warmup <n>       untimed calls per endpoint first (default 10)
  --naive-reps <n>   timed runs of each naive baseline (default 10)
  --budget <s>       time spent on each endpoint, and on its naive baseline, at most (default 10)
  --out <dir>        where the JSON goes (default bench-results)
  --keep             keep the temporary data folder (its path is printed)
  -h, --help         show this help
`;

/** The parsed command line. */
export interface BenchOptions {
  jobs: number;
  seed: string;
  reps: number;
  warmup: number;
  naiveReps: number;
  budgetMs: number;
  out: string;
  keep: boolean;
  help: boolean;
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

/** Parses `argv` (without node and the script). @throws UsageError */
export function parseBenchOptions(argv: string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        jobs: { type: "string" },
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
  return {
    jobs: integer("jobs", values.jobs, 1_000_000, 1_000, 20_000_000),
    seed: values.seed ?? "runwatch-bench",
    reps: integer("reps", values.reps, 100, 5, 100_000),
    warmup: integer("warmup", values.warmup, 10, 0, 10_000),
    naiveReps: integer("naive-reps", values["naive-reps"], 10, 1, 1_000),
    budgetMs: integer("budget", values.budget, 10, 1, 3_600) * 1000,
    out: values.out ?? "bench-results",
    keep: values.keep ?? false,
    help: values.help ?? false,
  };
}

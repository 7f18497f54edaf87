/**
 * `npm run demo` command line and environment: which server, how fast, and
 * which CI systems to simulate (those whose secret is set, in the same
 * variables the server reads).
 */
import { randomInt } from "node:crypto";
import { parseArgs } from "node:util";
import type { BackfillVia } from "./backfill-run";
import { SOURCES, type SimulatedSource, type SourceKey } from "./sources";

const BACKFILL_VIAS: readonly BackfillVia[] = ["auto", "store", "webhooks"];

/** The usage text of `npm run demo -- --help`. */
export const HELP = `Usage: npm run demo -- [options]

Simulates GitHub Actions, GitLab CI, Buildkite, Jenkins and home-grown runners
(the generic endpoint) sending signed webhooks to a running Runwatch server, so
the dashboard comes alive. Each CI system is simulated when its secret is set,
in the same environment variable the server reads:

  RUNWATCH_GITHUB_SECRET    GitHub Actions (workflow_job, workflow_run)
  RUNWATCH_GITLAB_TOKEN     GitLab CI (Job Hook, Pipeline Hook)
  RUNWATCH_BUILDKITE_TOKEN  Buildkite (job.*, build.*, agent.*; signed)
  RUNWATCH_JENKINS_TOKEN    Jenkins (Notification plugin, Basic auth)
  RUNWATCH_GENERIC_SECRET   home-grown runners (generic schema v1)

Options:
  --url <url>          Runwatch base URL (default http://127.0.0.1:$PORT, PORT defaults to 3000)
  --secret <secret>    GitHub webhook secret (default $RUNWATCH_GITHUB_SECRET)
  --sources <list>     simulate only these, e.g. github,gitlab (default: every one with a secret)
  --rate <n>           new pipeline runs per minute, all sources together (default 20)
  --speed <x>          time acceleration: a 4-minute job takes 4/x minutes (default 8)
  --duration <s>       stop after this many seconds (default: run until Ctrl-C)
  --seed <value>       replay the same cluster (default: random, printed at start)
  --once               send one short, complete burst of runs, then exit (no history)
  --backfill-days <n>  days of history sent before going live (default 30, at most 90)
  --no-backfill        go live at once, without history
  --backfill-via <how> auto (default), store or webhooks: see "History" below
  -h, --help           show this help

History: before going live, the demo sends the past --backfill-days of the same
cluster (a working week's rhythm: about 900 runs, 5,000 jobs in 30 days) through the
server's own ingest, showing its progress; it takes seconds. Running the demo
again sends the same history, which the server drops as redeliveries. "store"
runs the server's ingest in this process on the server's database
(RUNWATCH_DATA_DIR, default ./data, as \`npm run runwatch\` finds it), used only
when the server at --url is shown to use it; "webhooks" posts every delivery,
paced by the server's webhook rate limit (RUNWATCH_RATE_LIMIT_WEBHOOK).

Now and then a delivery is sent twice or a job's earlier state arrives after a
later one, as real vendors do; Runwatch must count each event once.
On exit the demo cancels the jobs it still has running, so none stays "running"
on the dashboard, then prints how many deliveries were accepted or rejected.
`;

/** A source to simulate, with its secret. */
export interface EnabledSource {
  source: SimulatedSource;
  secret: string;
}

/** The parsed command line. */
export interface Options {
  url: string;
  sources: EnabledSource[];
  /** Sources left out because their secret is unset (and not excluded by `--sources`). */
  skipped: SimulatedSource[];
  rate: number;
  speed: number;
  duration: number | null;
  seed: string;
  once: boolean;
  /** Days of history to send before going live; 0 for none. */
  backfillDays: number;
  backfillVia: BackfillVia;
}

/** A command-line mistake: printed without the usage text. */
export class UsageError extends Error {}

const number = (name: string, raw: string | undefined, fallback: number, max: number) => {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new UsageError(`--${name} must be a number above 0 and at most ${max} (got "${raw}")`);
  }
  return value;
};

function pickSources(list: string | undefined): Set<SourceKey> {
  const all = new Set(SOURCES.map((s) => s.key));
  if (list === undefined) return all;
  const picked = list.split(",").map((s) => s.trim().toLowerCase());
  for (const key of picked) {
    if (!all.has(key as SourceKey)) {
      throw new UsageError(`--sources: unknown source "${key}" (choose from ${[...all].join(", ")})`);
    }
  }
  return new Set(picked as SourceKey[]);
}

/**
 * Parses the command line; `env` is the process environment (secrets, PORT).
 * @throws UsageError for a bad option or when no source has a secret.
 */
export function parseOptions(
  argv: string[],
  env: Readonly<Record<string, string | undefined>>,
): Options | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: "string" },
      secret: { type: "string" },
      sources: { type: "string" },
      rate: { type: "string" },
      speed: { type: "string" },
      duration: { type: "string" },
      seed: { type: "string" },
      once: { type: "boolean", default: false },
      "no-backfill": { type: "boolean", default: false },
      "backfill-days": { type: "string" },
      "backfill-via": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return "help";
  const wanted = pickSources(values.sources);
  const secretOf = (source: SimulatedSource) =>
    (source.key === "github" ? values.secret : undefined) ?? env[source.secretVariable] ?? "";
  const sources: EnabledSource[] = [];
  const skipped: SimulatedSource[] = [];
  for (const source of SOURCES) {
    if (!wanted.has(source.key)) continue;
    const secret = secretOf(source);
    if (secret) sources.push({ source, secret });
    else skipped.push(source);
  }
  if (sources.length === 0) {
    const variables = (skipped.length > 0 ? skipped : SOURCES).map((s) => `  ${s.secretVariable}`).join("\n");
    throw new UsageError(
      "No webhook secret set. Set at least one of these to the value the Runwatch server uses:\n" +
        `${variables}\n(or pass --secret for GitHub), e.g.\n  RUNWATCH_GITHUB_SECRET=change-me-please npm run demo`,
    );
  }
  const url = (values.url ?? `http://127.0.0.1:${env.PORT || 3000}`).replace(/\/+$/, "");
  try {
    new URL(url);
  } catch {
    throw new UsageError(`--url must be an absolute URL such as http://127.0.0.1:3000 (got "${url}")`);
  }
  const via = values["backfill-via"] ?? "auto";
  if (!BACKFILL_VIAS.includes(via as BackfillVia)) {
    throw new UsageError(`--backfill-via must be one of ${BACKFILL_VIAS.join(", ")} (got "${via}")`);
  }
  const once = values.once ?? false;
  const days = Math.round(number("backfill-days", values["backfill-days"], 30, 90));
  return {
    url,
    sources,
    skipped,
    rate: number("rate", values.rate, 20, 600),
    speed: number("speed", values.speed, 8, 1000),
    duration: values.duration === undefined ? null : number("duration", values.duration, 0, 7 * 24 * 3600),
    seed: values.seed ?? String(randomInt(1, 1_000_000)),
    once,
    backfillDays: once || values["no-backfill"] ? 0 : days,
    backfillVia: via as BackfillVia,
  };
}

/** `skipping GitLab CI (set RUNWATCH_GITLAB_TOKEN), Jenkins (set RUNWATCH_JENKINS_TOKEN)`, or null. */
export function skippedLine(skipped: readonly SimulatedSource[]): string | null {
  if (skipped.length === 0) return null;
  return `skipping ${skipped.map((s) => `${s.label} (set ${s.secretVariable})`).join(", ")}`;
}

/**
 * The benchmark's data: `count` realistic final job states spread over the
 * `days` before `now`, drawn deterministically from a seed (same seed, count
 * and now → the same jobs, byte for byte). Jobs come out in batches, hour by
 * hour, so a million of them never sit in memory at once.
 *
 * Shape of the data: five sources with their own id formats, ~300
 * repositories (a few much busier than the rest), 1–4 workflows each, ~40
 * runner label pools; mostly the default branch; a daily and weekly rhythm
 * with queue spikes; log-normal queue times per pool and durations per job
 * kind; ~8% failures with classified causes and failing steps, re-runs on the
 * same commit (often flaky: failed, then passed); and the jobs still queued or
 * running at `now`.
 */
import { isTerminal, type Job, type JobStatus } from "../../lib/job";
import { Random, seedFrom } from "../../lib/random";
import { buildCatalog, type Catalog, type JobSpec, type RepoSpec, type WorkflowSpec } from "./catalog";
import { KINDS } from "./kinds";
import {
  failureOf,
  jobUrl,
  runnerOf,
  stepsOf,
  workflowName,
  type JobIds,
  type RunContext,
} from "./vendor-shape";

/** What to generate. */
export interface GenerateOptions {
  /** How many jobs, exactly. */
  count: number;
  seed: string;
  /** The end of the spread (ms): no job is queued after it; jobs still going then are active. */
  now: number;
  /** How far back the jobs go. Default 90. */
  days?: number;
  /** Jobs per batch. Default 5,000. */
  batchSize?: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

const iso = (ms: number) => new Date(ms).toISOString();

/** The catalog of a seed (the same for every job count). */
export function catalogFor(seed: string): Catalog {
  return buildCatalog(new Random(seedFrom(`${seed}:catalog`)));
}

/** Relative activity at a time: busy working hours (UTC), quiet nights, quieter weekends, slow growth. */
export function rhythm(ms: number, progress: number): number {
  const date = new Date(ms);
  const hour = date.getUTCHours() + date.getUTCMinutes() / 60;
  const daytime = 0.12 + Math.exp(-((hour - 14) ** 2) / (2 * 3.5 ** 2));
  const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
  return daytime * (weekend ? 0.3 : 1) * (1 + 0.25 * progress);
}

/** A standard-normal draw (Box–Muller). */
function normal(rng: Random): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/** A log-normal draw with this median; whole milliseconds, at least `floor`. */
function logNormal(rng: Random, median: number, sigma: number, floor = 1_000): number {
  return Math.max(floor, Math.round(median * Math.exp(sigma * normal(rng))));
}

/** How an attempt ends (before `now` cuts it short). */
type Outcome = "success" | "failure" | "timed_out" | "cancelled" | "skipped";

/** Generates the jobs, `batchSize` at a time. */
export function* generateJobs(options: GenerateOptions): Generator<Job[]> {
  const { count, seed, now } = options;
  const days = options.days ?? 90;
  const batchSize = options.batchSize ?? 5_000;
  const catalog = catalogFor(seed);
  const rng = new Random(seedFrom(`${seed}:jobs:${count}:${now}`));
  const maker = new JobMaker(rng, now);

  const repoWeights = cumulative(catalog.repos.map((r) => r.weight));
  const hours = days * 24;
  const start = now - hours * HOUR;
  const weights = Array.from({ length: hours }, (_, i) => rhythm(start + i * HOUR + HOUR / 2, i / hours));
  const meanWeight = weights.reduce((a, b) => a + b, 0) / hours;
  const quotas = allocate(weights, count);

  let batch: Job[] = [];
  for (let h = 0; h < hours; h++) {
    const hourStart = start + h * HOUR;
    const load = (weights[h]! / meanWeight) ** 1.5 * (rng.chance(0.03) ? rng.between(3, 8) : 1);
    let left = quotas[h]!;
    while (left > 0) {
      const repo = catalog.repos[pick(repoWeights, rng.next())]!;
      const run = maker.run(repo, hourStart + Math.floor(rng.next() * HOUR), load);
      for (const job of run) {
        if (left === 0) break;
        batch.push(job);
        left--;
        if (batch.length === batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** Splits `count` over the weights (largest-remainder by cumulative rounding; sums to `count`). */
function allocate(weights: number[], count: number): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  let cum = 0;
  let given = 0;
  return weights.map((w) => {
    cum += w;
    const upTo = Math.round((cum / total) * count);
    const n = upTo - given;
    given = upTo;
    return n;
  });
}

function cumulative(weights: number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  return out.map((v) => v / sum);
}

/** Index of the first cumulative share above `u` (binary search). */
function pick(cum: Float64Array, u: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Draws runs and their jobs; holds only id counters between runs. */
class JobMaker {
  private githubJob = 21_000_000_000;
  private githubRun = 9_400_000_000;
  private gitlabJob = 6_800_000_000;
  private gitlabPipeline = 1_300_000_000;
  private genericJob = 0;
  private readonly numbers = new Map<string, number>();

  constructor(
    private readonly rng: Random,
    private readonly now: number,
  ) {}

  /** One run of a workflow of `repo` queued at `at`: its jobs, then any re-runs. */
  run(repo: RepoSpec, at: number, load: number): Job[] {
    const { rng } = this;
    const workflow = rng.weighted(repo.workflows, (w) => w.weight);
    const isDefault = workflow.defaultOnly || rng.chance(0.62);
    const numberKey = `${repo.name}\n${workflow.name}`;
    const number = this.nextNumber(numberKey);
    const ctx: RunContext = {
      repo,
      workflow,
      branch: isDefault ? repo.defaultBranch : rng.pick(repo.branches),
      isDefault,
      sha: rng.hex(40),
      runId: this.runId(repo, workflow, number),
      number,
      numberKey,
      load,
    };
    const jobs: Job[] = [];
    let previousEnd = at;
    let previousFailed = false;
    for (const spec of workflow.jobs) {
      // Deploy steps wait for the job before them, and are skipped when it failed.
      const sequential = spec.kind === "deploy";
      const queuedAt = sequential ? previousEnd + rng.int(1_000, 15_000) : at + rng.int(0, 8_000);
      if (queuedAt >= this.now) break;
      let attempt = this.attempt(ctx, spec, 1, queuedAt, sequential && previousFailed ? "skipped" : null);
      jobs.push(attempt.job);
      // Re-runs on the same commit: flaky failures are usually retried and usually pass.
      for (let n = 2; n <= 3 && attempt.retry !== null; n++) {
        const { flaky } = attempt.retry;
        if (!rng.chance(flaky ? 0.7 : 0.18)) break;
        const again = attempt.end + rng.int(20_000, 60_000) + Math.round(rng.exponential(4 * MIN));
        if (again >= this.now) break;
        attempt = this.attempt(
          ctx,
          spec,
          n,
          again,
          flaky ? (rng.chance(0.92) ? "success" : "failure") : null,
        );
        jobs.push(attempt.job);
      }
      previousEnd = Math.max(previousEnd, attempt.end);
      previousFailed = attempt.job.status !== "success";
    }
    return jobs;
  }

  private nextNumber(key: string): number {
    const number = (this.numbers.get(key) ?? this.rng.int(100, 5_000)) + 1;
    this.numbers.set(key, number);
    return number;
  }

  private runId(repo: RepoSpec, workflow: WorkflowSpec, number: number): string {
    switch (repo.source) {
      case "github":
        return String((this.githubRun += this.rng.int(1, 40)));
      case "gitlab":
        return String((this.gitlabPipeline += this.rng.int(1, 25)));
      case "buildkite":
        return this.uuid();
      case "jenkins":
        return `${repo.name}/${workflow.jobs[0]?.name ?? workflow.name}:${number}`;
      case "generic":
        return `${repo.name.replace("/", "-")}-${number}`;
    }
  }

  private uuid(): string {
    const { rng } = this;
    return `0190${rng.hex(4)}-${rng.hex(4)}-7${rng.hex(3)}-${rng.pick(["8", "9", "a", "b"])}${rng.hex(3)}-${rng.hex(12)}`;
  }

  /** One attempt of one job; `forced` overrides the drawn outcome (re-runs, skipped deploys). */
  private attempt(
    ctx: RunContext,
    spec: JobSpec,
    attempt: number,
    queuedAt: number,
    forced: Outcome | null,
  ): { job: Job; end: number; retry: { flaky: boolean } | null } {
    const { rng, now } = this;
    const kind = KINDS[spec.kind];
    const outcome = forced ?? this.outcome(spec, ctx.isDefault);
    const pool = spec.pool;
    let queueMs = pool
      ? logNormal(rng, pool.queueMedianMs * ctx.load, pool.queueSigma, 500)
      : logNormal(rng, 4_000 * ctx.load, 0.8, 200);
    // Production deploys wait for an approval.
    const gated = spec.name === "deploy-production";
    if (gated) queueMs += logNormal(rng, 12 * MIN, 0.9, 30_000);
    queueMs = Math.min(queueMs, 8 * HOUR);
    let durationMs = Math.min(
      logNormal(rng, kind.medianMs, kind.sigma),
      kind.timeoutMs - rng.int(1_000, 60_000),
    );
    if (outcome === "timed_out") durationMs = kind.timeoutMs + rng.int(0, 30_000);
    if (outcome === "failure" || outcome === "cancelled")
      durationMs = Math.round(durationMs * rng.between(0.2, 1));
    const cancelledQueued = outcome === "cancelled" && rng.chance(0.3);

    let status: JobStatus = outcome;
    let startedAt: number | null = queuedAt + queueMs;
    let finishedAt: number | null = startedAt + durationMs;
    if (outcome === "skipped") {
      startedAt = null;
      finishedAt = queuedAt + rng.int(0, 2_000);
    } else if (cancelledQueued) {
      startedAt = null;
      finishedAt = queuedAt + Math.round(queueMs * rng.next());
    }
    // Cut short by `now`: still queued (or awaiting approval), or still running.
    if (finishedAt > now) {
      status = startedAt === null || startedAt > now ? (gated ? "waiting" : "queued") : "running";
      if (status !== "running") startedAt = null;
      finishedAt = null;
    }
    const terminal = isTerminal(status);
    const failed = status === "failure" || status === "timed_out" || status === "cancelled";
    const failure = failed ? failureOf(rng, ctx, spec, status, startedAt !== null) : null;
    const steps = stepsOf(
      ctx,
      spec,
      status,
      failure,
      startedAt,
      finishedAt ?? (startedAt === null ? null : now),
      now,
    );
    const ids = this.jobIds(ctx, spec, attempt);
    const job: Job = {
      id: ids.id,
      source: ctx.repo.source,
      repo: ctx.repo.name,
      workflow: workflowName(ctx, spec),
      name: spec.name,
      runId: ids.runId,
      attempt: ctx.repo.source === "jenkins" ? 1 : attempt,
      branch: ctx.branch,
      sha: ctx.sha,
      status,
      queuedAt: iso(queuedAt),
      startedAt: startedAt === null ? null : iso(startedAt),
      finishedAt: finishedAt === null ? null : iso(finishedAt),
      queueMs: startedAt === null ? null : startedAt - queuedAt,
      durationMs: terminal && startedAt !== null && finishedAt !== null ? finishedAt - startedAt : null,
      runner: runnerOf(rng, ctx, spec, startedAt !== null),
      url: jobUrl(rng, ctx, spec, ids),
      failure,
      steps,
    };
    const retry =
      terminal && (status === "failure" || status === "timed_out")
        ? { flaky: rng.chance(kind.flakyShare) }
        : null;
    return { job, end: finishedAt ?? now, retry };
  }

  private outcome(spec: JobSpec, isDefault: boolean): Outcome {
    const kind = KINDS[spec.kind];
    const r = this.rng.next();
    const skip = 0.02;
    const cancel = isDefault ? 0.012 : 0.04;
    const timeout = kind.timeoutRate * 1.4;
    const fail = kind.failRate * (isDefault ? 1.15 : 2.1);
    if (r < skip) return "skipped";
    if (r < skip + cancel) return "cancelled";
    if (r < skip + cancel + timeout) return "timed_out";
    if (r < skip + cancel + timeout + fail) return "failure";
    return "success";
  }

  private jobIds(ctx: RunContext, spec: JobSpec, attempt: number): JobIds {
    const { rng } = this;
    switch (ctx.repo.source) {
      case "github":
        return { id: `github:${(this.githubJob += rng.int(1, 9))}`, runId: ctx.runId };
      case "gitlab":
        return { id: `gitlab:${(this.gitlabJob += rng.int(1, 6))}`, runId: ctx.runId };
      case "buildkite":
        return { id: `buildkite:${this.uuid()}`, runId: ctx.runId };
      case "jenkins": {
        // A Jenkins job is its build; a rebuild is a new build number.
        const runId =
          attempt === 1 ? ctx.runId : `${ctx.runId.replace(/:\d+$/, "")}:${this.nextNumber(ctx.numberKey)}`;
        return { id: `jenkins:${runId}`, runId };
      }
      case "generic":
        return { id: `generic:${spec.name}-${++this.genericJob}`, runId: ctx.runId };
    }
  }
}

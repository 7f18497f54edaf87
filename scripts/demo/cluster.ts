/**
 * The simulated CI cluster: a discrete-event model of workflow runs arriving,
 * jobs queueing for finite runner pools, running, failing, being cancelled and
 * re-run. It never reads the clock or does I/O: the caller advances it to a
 * time (ms since the simulation started) and gets back what happened, in order.
 * The same options (seed included) always give the same events.
 */
import { Agenda } from "./agenda";
import { KINDS, POOLS, REPOS, SENDERS, type JobSpec, type PoolKey, type RepoSpec } from "./catalog";
import { Random } from "./random";
import {
  planSteps,
  stepsCancelled,
  stepsFinished,
  stepsStarted,
  type StepPlan,
  type StepSnapshot,
} from "./steps";

/** How a finished job ended (GitHub's `conclusion`). */
export type Conclusion = "success" | "failure" | "cancelled" | "skipped" | "timed_out";

/** The `workflow_job` actions the cluster produces, in lifecycle order. */
export type JobAction = "queued" | "waiting" | "in_progress" | "completed";

/** Someone whose push (or bot) triggered a run. */
export type SimSender = (typeof SENDERS)[number];

/** The runner a job was assigned to. */
export interface AssignedRunner {
  id: number;
  name: string;
  groupId: number;
  groupName: string;
}

/** A job as GitHub would describe it at one moment; times are ms offsets from the simulation start. */
export interface JobSnapshot {
  id: number;
  runId: number;
  attempt: number;
  repo: RepoSpec;
  workflow: string;
  name: string;
  branch: string;
  sha: string;
  sender: SimSender;
  status: JobAction;
  conclusion: Conclusion | null;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  labels: string[];
  runner: AssignedRunner | null;
  steps: StepSnapshot[];
}

/** Something that happened: a job transition (one webhook delivery) or a note for the log. */
export type SimEvent =
  | { type: "job"; at: number; action: JobAction; job: JobSnapshot }
  | { type: "note"; at: number; message: string };

/** Options of a cluster. */
export interface ClusterOptions {
  seed: number;
  /** Time acceleration: a nominal 60 s job takes 60 / speed real seconds. */
  speed: number;
  /** New workflow runs per (real) minute; 0 for none. */
  ratePerMinute: number;
  /** Occasional bursts of runs (merge queue, bot batches). */
  spikes: boolean;
  /** First job and run ids; vary them between sessions so a re-run is not a redelivery. */
  firstJobId?: number;
  firstRunId?: number;
}

type Cause = "ok" | "flaky" | "genuine" | "timeout" | "cancelled" | "dependency";

interface Run {
  runId: number;
  attempt: number;
  repo: RepoSpec;
  workflow: string;
  specs: JobSpec[];
  branch: string;
  sha: string;
  sender: SimSender;
  /** The current attempt's job for each spec key. */
  jobs: Map<string, SimJob>;
  /** Specs waiting for their `needs`. */
  pending: JobSpec[];
  cancelled: boolean;
  done: boolean;
  /** Spec keys that failed for real: a re-run fails again. */
  broken: Set<string>;
}

interface SimJob {
  id: number;
  run: Run;
  spec: JobSpec;
  attempt: number;
  status: JobAction;
  conclusion: Conclusion | null;
  cause: Cause;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  runner: AssignedRunner | null;
  slot: number | null;
  plan: StepPlan | null;
  steps: StepSnapshot[];
}

interface PoolState {
  key: PoolKey;
  free: number[];
  queue: SimJob[];
}

/** The simulation. Create, optionally `burst()`, then `advance()` repeatedly. */
export class Cluster {
  private readonly rng: Random;
  private readonly ms: number;
  private readonly agenda = new Agenda();
  private out: SimEvent[] = [];
  private nextJobId: number;
  private nextRunId: number;
  private hostedRunnerId: number;
  private readonly pools = new Map<PoolKey, PoolState>();
  private readonly heads = new Map<string, string>();
  private readonly active = new Set<Run>();
  private now = 0;
  private stopped = false;

  constructor(private readonly options: ClusterOptions) {
    this.rng = new Random(options.seed);
    this.ms = 1000 / options.speed;
    this.nextJobId = options.firstJobId ?? 30_000_000_000;
    this.nextRunId = options.firstRunId ?? 12_000_000_000;
    this.hostedRunnerId = this.rng.int(10, 90);
    for (const pool of Object.values(POOLS)) {
      this.pools.set(pool.key, {
        key: pool.key,
        free: Array.from({ length: pool.size }, (_, i) => i),
        queue: [],
      });
    }
    if (options.ratePerMinute > 0) this.at(this.rng.between(0, 2000), () => this.arrival());
    if (options.spikes) this.at(this.rng.between(45_000, 75_000), () => this.spike());
  }

  /** Starts one CI run in every repository (plus a gated release) at `at`: the `--once` burst. */
  burst(at = 0): void {
    this.at(at, () => {
      for (const repo of REPOS) this.startRun(repo, "CI");
      const web = REPOS.find((r) => r.name === "web");
      if (web) this.startRun(web, "Release");
    });
  }

  /** Runs the model up to `to` (ms) and returns what happened since the last call, in time order. */
  advance(to: number): SimEvent[] {
    for (let next = this.agenda.takeDue(to); next; next = this.agenda.takeDue(to)) {
      this.now = Math.max(this.now, next.at);
      next.fire();
    }
    this.now = Math.max(this.now, to);
    return this.drain();
  }

  /** When the next thing happens, or null when nothing is left to do. */
  nextAt(): number | null {
    return this.agenda.nextAt();
  }

  /** Jobs not yet finished. */
  get activeJobs(): number {
    let n = 0;
    for (const run of this.active) for (const job of run.jobs.values()) if (job.status !== "completed") n++;
    return n;
  }

  /** Stops new runs and cancels every unfinished one at `at`, so nothing is left running. */
  stop(at: number): SimEvent[] {
    this.now = Math.max(this.now, at);
    this.stopped = true;
    this.agenda.clear();
    for (const run of [...this.active]) this.cancelRun(run, "demo stopped");
    return this.drain();
  }

  // --- arrivals ---------------------------------------------------------------------------

  private arrival(): void {
    if (this.stopped) return;
    const repo = this.rng.weighted(REPOS, (r) => r.weight);
    const workflow = this.rng.weighted(repo.workflows, (w) => w.weight);
    this.startRun(repo, workflow.name);
    this.at(this.now + this.rng.exponential(60_000 / this.options.ratePerMinute), () => this.arrival());
  }

  private spike(): void {
    if (this.stopped) return;
    const count = this.rng.int(5, 10);
    const repo = this.rng.weighted(REPOS, (r) => r.weight);
    this.note(`queue spike: ${count} CI runs within 5 s (merge queue and bot batch)`);
    for (let i = 0; i < count; i++) {
      const target = i % 2 === 0 ? repo : this.rng.weighted(REPOS, (r) => r.weight);
      this.at(this.now + this.rng.between(0, 5000), () => this.startRun(target, "CI"));
    }
    this.at(this.now + Math.max(120_000, this.rng.exponential(240_000)), () => this.spike());
  }

  private startRun(repo: RepoSpec, workflowName: string): void {
    if (this.stopped) return;
    const workflow = repo.workflows.find((w) => w.name === workflowName) ?? repo.workflows[0];
    if (!workflow) return;
    const branch =
      workflow.branches === "main" || this.rng.chance(0.35) ? "main" : this.rng.pick(repo.featureBranches);
    const headKey = `${repo.name}@${branch}`;
    let sha = this.heads.get(headKey);
    if (!sha || this.rng.chance(0.75)) sha = this.rng.hex(40);
    this.heads.set(headKey, sha);
    const sender = branch.startsWith("renovate/")
      ? SENDERS[SENDERS.length - 1]!
      : this.rng.pick(SENDERS.slice(0, -1));

    // cancel-in-progress: a new push to a feature branch supersedes its running CI.
    if (workflow.name === "CI" && branch !== "main") {
      for (const other of this.active) {
        if (
          other.repo === repo &&
          other.branch === branch &&
          other.workflow === "CI" &&
          this.rng.chance(0.25)
        ) {
          this.cancelRun(other, `superseded by a new push to ${branch}`);
        }
      }
    }

    this.nextRunId += this.rng.int(1, 40);
    const run: Run = {
      runId: this.nextRunId,
      attempt: 1,
      repo,
      workflow: workflow.name,
      specs: workflow.jobs.filter((s) => !s.mainOnly || branch === "main"),
      branch,
      sha,
      sender,
      jobs: new Map(),
      pending: [],
      cancelled: false,
      done: false,
      broken: new Set(),
    };
    this.active.add(run);
    this.launch(run, run.specs);
    if (this.rng.chance(0.02)) {
      this.at(this.now + this.rng.between(20, 200) * this.ms, () =>
        this.cancelRun(run, "cancelled by a user"),
      );
    }
  }

  /** Creates the jobs whose `needs` are met; the rest wait in `pending`. */
  private launch(run: Run, specs: JobSpec[]): void {
    const keys = new Set(specs.map((s) => s.key));
    for (const spec of specs) {
      if ((spec.needs ?? []).some((k) => keys.has(k))) run.pending.push(spec);
      else this.createJob(run, spec);
    }
    this.resolve(run);
  }

  private createJob(run: Run, spec: JobSpec): SimJob {
    this.nextJobId += this.rng.int(1, 9);
    const job = this.blankJob(run, spec);
    run.jobs.set(spec.key, job);
    this.emit("queued", job);
    if (spec.environment?.gated) {
      this.at(this.now + this.rng.between(0.5, 2) * this.ms, () => {
        if (job.status !== "queued") return;
        job.status = "waiting";
        this.emit("waiting", job);
        // A reviewer approves the deployment after a while.
        this.at(this.now + this.rng.between(60, 300) * this.ms, () => this.enqueue(job));
      });
    } else {
      this.enqueue(job);
    }
    return job;
  }

  // --- runners ----------------------------------------------------------------------------

  private enqueue(job: SimJob): void {
    if (job.status === "completed") return;
    const pool = this.pool(job.spec.pool);
    pool.queue.push(job);
    this.dispatch(pool);
  }

  private dispatch(pool: PoolState): void {
    const spec = POOLS[pool.key];
    while (pool.free.length > 0 && pool.queue.length > 0) {
      const job = pool.queue.shift()!;
      const slot = pool.free.shift()!;
      job.slot = slot;
      this.at(this.now + this.rng.between(spec.pickup[0], spec.pickup[1]) * this.ms, () =>
        this.start(job, slot),
      );
    }
  }

  private release(job: SimJob, slot: number): void {
    const pool = this.pool(job.spec.pool);
    job.slot = null;
    pool.free.push(slot);
    this.dispatch(pool);
  }

  private start(job: SimJob, slot: number): void {
    if (job.status === "completed") return this.release(job, slot);
    const pool = POOLS[job.spec.pool];
    const id = pool.hosted ? (this.hostedRunnerId += this.rng.int(1, 3)) : pool.groupId * 1000 + slot + 1;
    job.runner = {
      id,
      name: pool.hosted ? pool.runnerName(id) : pool.runnerName(slot),
      groupId: pool.groupId,
      groupName: pool.groupName,
    };
    job.status = "in_progress";
    job.startedAt = this.now;
    job.plan = this.plan(job);
    job.steps = stepsStarted(job.plan);
    this.emit("in_progress", job);
    this.at(job.plan.end, () => this.finish(job));
  }

  private plan(job: SimJob): StepPlan {
    const kind = KINDS[job.spec.kind];
    const branchFactor = job.run.branch === "main" ? 0.7 : 1.4;
    let outcome: "success" | "failure" | "timed_out" = "success";
    if (job.run.broken.has(job.spec.key) && this.rng.chance(0.9)) {
      outcome = "failure";
      job.cause = "genuine";
    } else if (this.rng.chance(0.01)) {
      outcome = "timed_out";
      job.cause = "timeout";
    } else if (this.rng.chance(kind.failRate * branchFactor)) {
      outcome = "failure";
      job.cause = "genuine";
      job.run.broken.add(job.spec.key);
    } else if (job.spec.flaky && this.rng.chance(job.spec.flaky * (job.attempt > 1 ? 0.3 : 1))) {
      outcome = "failure";
      job.cause = "flaky";
    }
    const seconds = this.rng.between(kind.duration[0], kind.duration[1]);
    return planSteps(job.spec, outcome, this.now, seconds, this.ms, this.rng);
  }

  private finish(job: SimJob): void {
    if (job.status === "completed" || !job.plan) return;
    job.status = "completed";
    job.conclusion = job.plan.outcome;
    job.completedAt = this.now;
    job.steps = stepsFinished(job.plan);
    this.emit("completed", job);
    if (job.slot !== null) this.release(job, job.slot);
    this.afterJob(job);
  }

  // --- run progress -----------------------------------------------------------------------

  private afterJob(job: SimJob): void {
    const run = job.run;
    if (job.conclusion !== "success" && job.spec.matrix && !run.cancelled) {
      // fail-fast: one matrix leg failing cancels its siblings.
      for (const other of run.jobs.values()) {
        if (other.spec.matrix === job.spec.matrix && other !== job) this.cancelJob(other);
      }
    }
    this.resolve(run);
  }

  /** Creates or skips pending jobs whose `needs` have finished; closes the run when all are done. */
  private resolve(run: Run): void {
    let changed = true;
    while (changed && !run.cancelled) {
      changed = false;
      for (const spec of [...run.pending]) {
        const deps = (spec.needs ?? []).map((k) => run.jobs.get(k));
        if (deps.some((d) => !d || d.status !== "completed")) continue;
        run.pending.splice(run.pending.indexOf(spec), 1);
        changed = true;
        if (deps.every((d) => d?.conclusion === "success")) {
          this.createJob(run, spec);
        } else {
          // GitHub reports a job whose `needs` failed as completed/skipped, never queued.
          this.nextJobId += this.rng.int(1, 9);
          const job = this.blankJob(run, spec);
          job.status = "completed";
          job.conclusion = "skipped";
          job.cause = "dependency";
          job.completedAt = this.now;
          run.jobs.set(spec.key, job);
          this.emit("completed", job);
        }
      }
    }
    const finished = [...run.jobs.values()].every((j) => j.status === "completed");
    if (finished && (run.pending.length === 0 || run.cancelled) && !run.done) {
      run.done = true;
      this.active.delete(run);
      if (!run.cancelled) this.maybeRerun(run);
    }
  }

  /** A new job of the run's current attempt, queued now; the caller has advanced `nextJobId`. */
  private blankJob(run: Run, spec: JobSpec): SimJob {
    return {
      id: this.nextJobId,
      run,
      spec,
      attempt: run.attempt,
      status: "queued",
      conclusion: null,
      cause: "ok",
      createdAt: this.now,
      startedAt: null,
      completedAt: null,
      runner: null,
      slot: null,
      plan: null,
      steps: [],
    };
  }

  private maybeRerun(run: Run): void {
    const failed = [...run.jobs.values()].filter((j) => j.conclusion !== "success");
    if (failed.length === 0 || run.attempt >= 3 || this.stopped) return;
    const flaky = failed.some((j) => j.cause === "flaky");
    if (!this.rng.chance(flaky ? 0.85 : 0.15)) return;
    this.at(this.now + this.rng.between(30, 150) * this.ms, () => {
      if (this.stopped) return;
      run.attempt += 1;
      run.done = false;
      this.active.add(run);
      this.note(
        `re-run failed jobs: acme/${run.repo.name} ${run.workflow} run ${run.runId}, attempt ${run.attempt}`,
      );
      for (const job of failed) run.jobs.delete(job.spec.key);
      this.launch(
        run,
        failed.map((j) => j.spec),
      );
    });
  }

  private cancelRun(run: Run, reason: string): void {
    if (run.done || run.cancelled) return;
    run.cancelled = true;
    run.pending = [];
    if (reason !== "demo stopped")
      this.note(`${reason}: acme/${run.repo.name} ${run.workflow} run ${run.runId}`);
    for (const job of run.jobs.values()) this.cancelJob(job);
    this.resolve(run);
  }

  private cancelJob(job: SimJob): void {
    if (job.status === "completed") return;
    if (job.status === "in_progress" && job.plan) {
      job.steps = stepsCancelled(job.plan, this.now);
    } else {
      const pool = this.pool(job.spec.pool);
      const queued = pool.queue.indexOf(job);
      if (queued >= 0) pool.queue.splice(queued, 1);
    }
    const wasRunning = job.status === "in_progress";
    job.status = "completed";
    job.conclusion = "cancelled";
    job.cause = "cancelled";
    job.completedAt = this.now;
    this.emit("completed", job);
    // A job cancelled between pickup and start frees its runner in `start()`.
    if (wasRunning && job.slot !== null) this.release(job, job.slot);
  }

  // --- plumbing ---------------------------------------------------------------------------

  private pool(key: PoolKey): PoolState {
    const pool = this.pools.get(key);
    if (!pool) throw new Error(`unknown pool ${key}`);
    return pool;
  }

  private emit(action: JobAction, job: SimJob): void {
    const run = job.run;
    this.out.push({
      type: "job",
      at: this.now,
      action,
      job: {
        id: job.id,
        runId: run.runId,
        attempt: job.attempt,
        repo: run.repo,
        workflow: run.workflow,
        name: job.spec.name,
        branch: run.branch,
        sha: run.sha,
        sender: run.sender,
        status: job.status,
        conclusion: job.conclusion,
        createdAt: job.createdAt,
        startedAt: job.startedAt,
        completedAt: job.completedAt,
        labels: [...POOLS[job.spec.pool].labels],
        runner: job.runner ? { ...job.runner } : null,
        steps: job.steps.map((s) => ({ ...s })),
      },
    });
  }

  private note(message: string): void {
    this.out.push({ type: "note", at: this.now, message });
  }

  private drain(): SimEvent[] {
    const events = this.out;
    this.out = [];
    return events;
  }

  /** Schedules `fire` at `at` (never in the past). */
  private at(at: number, fire: () => void): void {
    this.agenda.add(Math.max(at, this.now), fire);
  }
}

/**
 * The run engine under the cluster: jobs queueing for runner pools, running,
 * failing, being cancelled and re-run, and the events reporting each change.
 * `Cluster` adds who starts runs and when. Time is ms since the simulation
 * started; nothing here reads the clock.
 */
import { Agenda } from "./agenda";
import { KINDS, type Catalog, type JobSpec } from "./catalog";
import type { AgentSnapshot, JobAction, RunAction, SimEvent } from "./model";
import { Pools } from "./pools";
import { Random } from "../../lib/random";
import { jobSnapshot, runSnapshot, type Run, type SimJob } from "./snapshots";
import { planSteps, stepsCancelled, stepsFinished, stepsStarted, type StepPlan } from "./steps";

/** What the engine needs to start. */
export interface EngineOptions {
  seed: number;
  speed: number;
  catalog: Catalog;
  firstJobId: number;
  firstRunId: number;
}

/** Job and run lifecycle; subclassed by `Cluster`. */
export abstract class RunEngine {
  protected readonly rng: Random;
  /** Real ms per nominal second. */
  protected readonly ms: number;
  protected readonly catalog: Catalog;
  protected readonly pools: Pools<SimJob>;
  protected readonly active = new Set<Run>();
  protected nextJobId: number;
  protected nextRunId: number;
  protected now = 0;
  protected stopped = false;
  private readonly agenda = new Agenda();
  private out: SimEvent[] = [];
  private hostedRunnerId: number;

  constructor(options: EngineOptions) {
    this.rng = new Random(options.seed);
    this.ms = 1000 / options.speed;
    this.catalog = options.catalog;
    this.nextJobId = options.firstJobId;
    this.nextRunId = options.firstRunId;
    this.hostedRunnerId = this.rng.int(10, 90);
    this.pools = new Pools<SimJob>(this.catalog.pools, {
      rng: this.rng,
      ms: this.ms,
      now: () => this.now,
      at: (at, fire) => this.at(at, fire),
      start: (job, slot) => this.start(job, slot),
      agent: (action, agent) => this.emitAgent(action, agent),
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

  // --- jobs -------------------------------------------------------------------------------

  /** Creates the jobs whose `needs` are met; the rest wait in `pending`. */
  protected launch(run: Run, specs: JobSpec[]): void {
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
    this.pools.enqueue(job, job.spec.pool);
  }

  private start(job: SimJob, slot: number): void {
    job.slot = slot;
    if (job.status === "completed") return this.release(job);
    const pool = this.catalog.pools[job.spec.pool]!;
    const id = pool.hosted ? (this.hostedRunnerId += this.rng.int(1, 3)) : pool.groupId * 1000 + slot + 1;
    job.runner = {
      id,
      name: pool.hosted ? pool.runnerName(id) : pool.runnerName(slot),
      groupId: pool.groupId,
      groupName: pool.groupName,
      pool: pool.key,
    };
    job.status = "in_progress";
    job.startedAt = this.now;
    job.plan = this.plan(job);
    job.steps = stepsStarted(job.plan);
    if (job.run.attemptStartedAt === null) {
      job.run.attemptStartedAt = this.now;
      job.run.startedAt ??= this.now;
      this.emitRun("in_progress", job.run);
    }
    this.emit("in_progress", job);
    this.at(job.plan.end, () => this.finish(job));
  }

  private release(job: SimJob): void {
    if (job.slot === null) return;
    const slot = job.slot;
    job.slot = null;
    this.pools.release(job.spec.pool, slot);
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
    } else if (this.rng.chance(0.006)) {
      // The runner died under the job: fails now, passes on a re-run.
      outcome = "failure";
      job.cause = "infra";
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
    this.release(job);
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
      run.completedAt = this.now;
      run.attemptStartedAt ??= this.now;
      run.startedAt ??= this.now;
      this.active.delete(run);
      this.emitRun("completed", run);
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
    if (failed.length === 0 || run.attempt >= 3 || this.stopped || this.catalog.reruns === false) return;
    const flaky = failed.some((j) => j.cause === "flaky" || j.cause === "infra");
    if (!this.rng.chance(flaky ? 0.85 : 0.15)) return;
    this.at(this.now + this.rng.between(30, 150) * this.ms, () => {
      if (this.stopped) return;
      run.attempt += 1;
      run.done = false;
      run.attemptAt = this.now;
      run.attemptStartedAt = null;
      run.completedAt = null;
      this.active.add(run);
      this.note(
        `re-run failed jobs: ${run.repo.name} ${run.workflow} #${run.number}, attempt ${run.attempt}`,
      );
      for (const job of failed) run.jobs.delete(job.spec.key);
      this.emitRun("requested", run);
      this.launch(
        run,
        failed.map((j) => j.spec),
      );
    });
  }

  protected cancelRun(run: Run, reason: string): void {
    if (run.done || run.cancelled) return;
    run.cancelled = true;
    run.pending = [];
    if (reason !== "demo stopped") this.note(`${reason}: ${run.repo.name} ${run.workflow} #${run.number}`);
    for (const job of run.jobs.values()) this.cancelJob(job);
    this.resolve(run);
  }

  private cancelJob(job: SimJob): void {
    if (job.status === "completed") return;
    const wasRunning = job.status === "in_progress";
    if (wasRunning && job.plan) job.steps = stepsCancelled(job.plan, this.now);
    else this.pools.dequeue(job, job.spec.pool);
    job.status = "completed";
    job.conclusion = "cancelled";
    job.cause = "cancelled";
    job.completedAt = this.now;
    this.emit("completed", job);
    // A job cancelled between pickup and start frees its runner in `start()`.
    if (wasRunning) this.release(job);
  }

  // --- plumbing ---------------------------------------------------------------------------

  private emit(action: JobAction, job: SimJob): void {
    this.out.push({ type: "job", at: this.now, action, job: jobSnapshot(job, this.catalog.pools) });
  }

  protected emitRun(action: RunAction, run: Run): void {
    this.out.push({ type: "run", at: this.now, action, run: runSnapshot(run, this.catalog.pools) });
  }

  private emitAgent(action: "connected" | "disconnected", agent: AgentSnapshot): void {
    this.out.push({ type: "agent", at: this.now, action, agent });
  }

  protected note(message: string): void {
    this.out.push({ type: "note", at: this.now, message });
  }

  private drain(): SimEvent[] {
    const events = this.out;
    this.out = [];
    return events;
  }

  /** Schedules `fire` at `at` (never in the past). */
  protected at(at: number, fire: () => void): void {
    this.agenda.add(Math.max(at, this.now), fire);
  }
}

/**
 * The simulated CI cluster: a discrete-event model of pipeline runs arriving,
 * jobs queueing for finite runner pools, running, failing, being cancelled and
 * re-run, and agents coming and going. It never reads the clock or does I/O:
 * the caller advances it to a time (ms since the simulation started) and gets
 * back what happened, in order. The same options (seed included) always give
 * the same events. What it simulates comes from a `Catalog`; vendor payload
 * builders turn its events into webhook bodies.
 */
import type { Catalog, RepoSpec } from "./catalog";
import { GITHUB_CATALOG } from "./catalogs/github";
import { RunEngine } from "./engine";
import type { Run } from "./snapshots";

export type * from "./model";

/** Options of a cluster. */
export interface ClusterOptions {
  seed: number;
  /** Time acceleration: a nominal 60 s job takes 60 / speed real seconds. */
  speed: number;
  /** New runs per (real) minute; 0 for none. */
  ratePerMinute: number;
  /** Occasional bursts of runs (merge queue, bot batches). */
  spikes: boolean;
  /**
   * Mean time between bursts, ms (default 4 minutes, at least 2 apart: a live
   * session's pace). With a `rhythm`, a burst comes with the rhythm's chance,
   * as runs do: a merge train at 10:00 on a Tuesday, rarely at night.
   */
  spikeEveryMs?: number;
  /** What to simulate (default: the GitHub organisation). */
  catalog?: Catalog;
  /** Report self-hosted runners as agents that connect (and, while runs arrive, now and then recycle). */
  agents?: boolean;
  /** First job and run ids, and first run number; vary them between sessions so a re-run is not a redelivery. */
  firstJobId?: number;
  firstRunId?: number;
  firstRunNumber?: number;
  /**
   * How busy the cluster is at a simulation time, 0 to 1 (default: always 1):
   * runs arrive at `ratePerMinute` × this, e.g. quiet nights and weekends in a backfill.
   */
  rhythm?: (at: number) => number;
}

/** The simulation. Create, optionally `burst()`, then `advance()` repeatedly. */
export class Cluster extends RunEngine {
  private readonly firstRunNumber: number;
  private readonly numbers = new Map<string, number>();
  private readonly heads = new Map<string, string>();
  private closed = false;

  constructor(private readonly options: ClusterOptions) {
    super({
      seed: options.seed,
      speed: options.speed,
      catalog: options.catalog ?? GITHUB_CATALOG,
      firstJobId: options.firstJobId ?? 30_000_000_000,
      firstRunId: options.firstRunId ?? 12_000_000_000,
    });
    this.firstRunNumber = options.firstRunNumber ?? 100;
    if (options.agents) {
      this.pools.connectAll();
      // Agents recycle only in a live session: a `--once` burst must run out of things to do.
      if (options.ratePerMinute > 0) this.at(this.rng.between(30_000, 90_000), () => this.churn());
    }
    if (options.ratePerMinute > 0) this.at(this.rng.between(0, 2000), () => this.arrival());
    if (options.spikes) {
      const every = options.spikeEveryMs;
      const first = every === undefined ? this.rng.between(45_000, 75_000) : this.rng.exponential(every);
      this.at(first, () => this.spike());
    }
  }

  /** Starts the catalog's burst runs at `at`: the `--once` burst. */
  burst(at = 0): void {
    this.at(at, () => {
      for (const [repoName, workflow] of this.catalog.burst) {
        const repo = this.catalog.repos.find((r) => r.name === repoName);
        if (repo) this.startRun(repo, workflow);
      }
    });
  }

  /**
   * No new runs from now on (nor spikes or agent churn), but what has started
   * runs to its end, re-runs included: `advance(Infinity)` then drains the cluster.
   */
  close(): void {
    this.closed = true;
  }

  // --- arrivals ---------------------------------------------------------------------------

  private pickRepo(): RepoSpec {
    return this.rng.weighted(this.catalog.repos, (r) => r.weight);
  }

  private arrival(): void {
    if (this.stopped || this.closed) return;
    // Thinning: arrivals come at the full rate and each starts a run with the rhythm's chance.
    const { rhythm } = this.options;
    if (!rhythm || this.rng.chance(rhythm(this.now))) {
      const repo = this.pickRepo();
      const workflow = this.rng.weighted(repo.workflows, (w) => w.weight);
      this.startRun(repo, workflow.name);
    }
    this.at(this.now + this.rng.exponential(60_000 / this.options.ratePerMinute), () => this.arrival());
  }

  private spike(): void {
    if (this.stopped || this.closed) return;
    const { rhythm, spikeEveryMs } = this.options;
    if (spikeEveryMs !== undefined) {
      this.at(this.now + this.rng.exponential(spikeEveryMs), () => this.spike());
      if (!rhythm || this.rng.chance(rhythm(this.now))) this.burstOfRuns();
      return;
    }
    this.burstOfRuns();
    this.at(this.now + Math.max(120_000, this.rng.exponential(240_000)), () => this.spike());
  }

  private burstOfRuns(): void {
    const count = this.rng.int(5, 10);
    const repo = this.pickRepo();
    this.note(`queue spike: ${count} runs within 5 s (merge queue and bot batch)`);
    for (let i = 0; i < count; i++) {
      const target = i % 2 === 0 ? repo : this.pickRepo();
      const workflow = target.workflows[0]?.name ?? "";
      this.at(this.now + this.rng.between(0, 5000), () => this.startRun(target, workflow));
    }
  }

  private churn(): void {
    if (this.stopped || this.closed) return;
    const name = this.pools.cycleAgent(this.rng.between(15_000, 60_000));
    if (name) this.note(`agent ${name} disconnected (host recycled); it will reconnect`);
    this.at(this.now + this.rng.between(60_000, 150_000), () => this.churn());
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
    const people = this.catalog.senders.filter((s) => s.type === "User");
    const bot = this.catalog.senders.find((s) => s.type === "Bot");
    const sender = branch.startsWith("renovate/") && bot ? bot : this.rng.pick(people);

    // cancel-in-progress: a new push to a feature branch supersedes its running CI.
    if (workflow === repo.workflows[0] && branch !== "main") {
      for (const other of this.active) {
        if (
          other.repo === repo &&
          other.branch === branch &&
          other.workflow === workflow.name &&
          this.rng.chance(0.25)
        ) {
          this.cancelRun(other, `superseded by a new push to ${branch}`);
        }
      }
    }

    this.nextRunId += this.rng.int(1, 40);
    const numberKey = `${repo.name}/${workflow.name}`;
    const number = (this.numbers.get(numberKey) ?? this.firstRunNumber - 1) + 1;
    this.numbers.set(numberKey, number);
    const run: Run = {
      runId: this.nextRunId,
      number,
      attempt: 1,
      repo,
      workflow: workflow.name,
      trigger: workflow.trigger ?? "push",
      specs: workflow.jobs.filter((s) => !s.mainOnly || branch === "main"),
      branch,
      sha,
      sender,
      createdAt: this.now,
      attemptAt: this.now,
      startedAt: null,
      attemptStartedAt: null,
      completedAt: null,
      jobs: new Map(),
      pending: [],
      cancelled: false,
      done: false,
      broken: new Set(),
    };
    this.active.add(run);
    this.emitRun("requested", run);
    this.launch(run, run.specs);
    if (this.rng.chance(0.02)) {
      this.at(this.now + this.rng.between(20, 200) * this.ms, () =>
        this.cancelRun(run, "cancelled by a user"),
      );
    }
  }
}

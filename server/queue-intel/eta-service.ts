/**
 * ETAs for queued jobs, kept per pool. A job change marks its pool dirty and
 * schedules one recompute of that pool (at most one per `settleMs`, however
 * many events arrive): two reads (the pool's active jobs; its history, itself
 * re-read at most once a minute) and {@link predictPool} over the snapshot.
 * Readers (the API) get a fresh answer, computing at once when the pool is
 * dirty; the broadcaster reads the cache synchronously. ETAs that moved are
 * announced (`jobs.estimated`), so dashboards follow the pool as it moves.
 * Each recompute also samples the pool's queue depth, and the first ETA given
 * to a job is kept until it starts, then stored beside the actual start.
 */
import { poolOf, type Runner } from "../../lib/runner";
import type { Job } from "../../lib/job";
import { canServe } from "../domain/capacity";
import type { Clock } from "../domain/clock";
import { jobKey, poolHistory, predictPool, type Eta, type PoolHistory } from "../domain/eta";
import type { DomainEvents } from "../domain/events";
import { effectiveRunner } from "../domain/runner-state";
import type { QueueIntelStore } from "../store/queue-intel-store";
import type { FleetReads } from "../store/store";

/** What the service reads and writes. */
export interface EtaServiceDeps {
  store: QueueIntelStore & Pick<FleetReads, "listRunners">;
  events: DomainEvents;
  clock: Clock;
  runnerOfflineAfterMs: number;
  /** Least time between two recomputes of a pool after changes, ms (default 1,000). */
  settleMs?: number;
  /** Told of a failed background recompute or write (it is retried on the next change). */
  onError?: (error: unknown) => void;
}

/** ETAs of queued jobs. */
export interface EtaService {
  /** The jobs, each queued or waiting one with its `eta` (fresh); others as given. */
  withEtas(jobs: readonly Job[]): Promise<Job[]>;
  /** Every queued job's ETA in the pool (fresh), by job id. */
  etasOfPool(pool: string): Promise<ReadonlyMap<string, Eta | null>>;
  /** The job with its last computed ETA, synchronously (unchanged when none is known yet). */
  cached(job: Job): Job;
  /** Stops listening; waits for recomputes in flight. */
  stop(): Promise<void>;
}

/** How far back a pool's history goes, and how many finished jobs it keeps. */
export const HISTORY_MS = 14 * 86_400_000;
export const HISTORY_LIMIT = 500;
const HISTORY_TTL_MS = 60_000;

const isWaiting = (job: Pick<Job, "status">) => job.status === "queued" || job.status === "waiting";
/** The pool a job belongs to, as the store's `pool` column has it. */
export const poolOfJob = (job: Job) => poolOf(job.runner.labels, job.runner.group);

/**
 * Worth announcing: history came or went, or the start moved by more than 30 s and 10% of the
 * time left. A late line's ETAs follow "now" every second, and every position shifts when a job
 * ahead starts; dashboards count down themselves, so neither is sent again to every waiting job
 * (the basis shown may lag until the start itself moves).
 */
export function movedEnough(before: Eta | null, after: Eta | null, now: number): boolean {
  if (before === null || after === null) return before !== after;
  const shift = Math.abs(Date.parse(after.startAt) - Date.parse(before.startAt));
  return shift > 30_000 && shift > 0.1 * Math.max(0, Date.parse(after.startAt) - now);
}

interface PoolState {
  dirty: boolean;
  etas: Map<string, Eta | null>;
  /** The ETA each waiting job was last announced with (`jobs.estimated`). */
  announced: Map<string, Eta | null>;
  history: { at: number; value: PoolHistory | null } | null;
  inflight: Promise<void> | null;
  timer: NodeJS.Timeout | null;
}

/** Starts the service: it listens to job and runner changes until stopped. */
export function createEtaService(deps: EtaServiceDeps): EtaService {
  const { store, events, clock } = deps;
  const settleMs = deps.settleMs ?? 1_000;
  const pools = new Map<string, PoolState>();
  // The first ETA each waiting job was given, until it starts (then stored with the start).
  const given = new Map<string, { pool: string; at: number; startAt: number }>();
  // Jobs that changed while a recompute was in flight: its (older) read must not re-announce them.
  const left = new Set<string>();
  let computing = 0;
  let runners: Promise<Runner[]> | null = null;
  let stopped = false;

  const stateOf = (pool: string) => {
    let state = pools.get(pool);
    if (!state)
      pools.set(
        pool,
        (state = {
          dirty: true,
          etas: new Map(),
          announced: new Map(),
          history: null,
          inflight: null,
          timer: null,
        }),
      );
    return state;
  };

  const recompute = async (pool: string, state: PoolState) => {
    state.dirty = false;
    const now = clock.now();
    if (!state.history || now - state.history.at >= HISTORY_TTL_MS) {
      const samples = await store.poolFinished(pool, now - HISTORY_MS, HISTORY_LIMIT);
      state.history = { at: now, value: poolHistory(samples) };
    }
    // A job an admin marked lost has left the line (and the queue depth): it holds no place.
    const active = (await store.poolActiveJobs(pool)).filter((job) => !job.lostMarkedAt);
    runners ??= store.listRunners();
    const all = await runners;
    const waiting = active.filter(isWaiting);
    const running = active.filter((job) => job.status === "running");
    const sample = waiting[0] ?? running[0];
    const serving = sample
      ? all
          .map((r) => effectiveRunner(r, now, deps.runnerOfflineAfterMs))
          .filter((r) => canServe(r, sample.source, sample.runner.labels))
      : [];
    const etas = predictPool(
      {
        queued: waiting.map((job) => ({ id: job.id, queuedAt: Date.parse(job.queuedAt ?? "") || now })),
        running: running.map((job) => ({
          key: jobKey(job.repo, job.workflow, job.name),
          startedAt: Date.parse(job.startedAt ?? "") || now,
        })),
        runners: serving.length,
        idleRunners: serving.filter((r) => r.status === "idle").length,
        history: state.history.value,
      },
      now,
    );
    const moved: Job[] = [];
    const announced = new Map<string, Eta | null>();
    for (const job of waiting) {
      const eta = etas.get(job.id) ?? null;
      const before = state.announced.get(job.id);
      if (before === undefined || movedEnough(before, eta, now)) {
        if (!left.has(job.id)) moved.push({ ...job, eta });
        announced.set(job.id, eta);
      } else announced.set(job.id, before);
      if (eta && !given.has(job.id)) given.set(job.id, { pool, at: now, startAt: Date.parse(eta.startAt) });
    }
    state.announced = announced;
    state.etas = etas;
    if (moved.length > 0 && !stopped) events.emit("jobs.estimated", { jobs: moved });
    await store.recordQueueDepth(pool, now, waiting.length, running.length);
  };

  /** Recomputes the pool now unless it is clean; one recompute at a time per pool. */
  const refresh = async (pool: string): Promise<PoolState> => {
    const state = stateOf(pool);
    while (state.dirty || state.inflight) {
      if (!state.inflight) {
        computing += 1;
        state.inflight = recompute(pool, state).finally(() => {
          state.inflight = null;
          if (--computing === 0) left.clear();
        });
      }
      await state.inflight;
    }
    return state;
  };

  const schedule = (pool: string) => {
    const state = stateOf(pool);
    state.dirty = true;
    if (state.timer || stopped) return;
    state.timer = setTimeout(() => {
      state.timer = null;
      refresh(pool).catch((error: unknown) => deps.onError?.(error));
    }, settleMs);
  };

  const onJob = ({ job, previous }: { job: Job; previous: Job | null }) => {
    const pool = poolOfJob(job);
    schedule(pool);
    if (previous && poolOfJob(previous) !== pool) schedule(poolOfJob(previous));
    // Any change while a recompute is in flight (a start, or an admin marking it lost) is newer than
    // that recompute's read: it must not re-announce the job's older state.
    if (computing > 0) left.add(job.id);
    if (isWaiting(job)) return;
    const first = given.get(job.id);
    given.delete(job.id);
    const startedAt = Date.parse(job.startedAt ?? "");
    if (first && Number.isFinite(startedAt))
      store
        .recordEtaOutcome({
          jobId: job.id,
          pool: first.pool,
          givenAt: first.at,
          predictedStart: first.startAt,
          actualStart: startedAt,
        })
        .catch((error: unknown) => deps.onError?.(error));
  };
  // A runner may serve several pools (its labels a superset of theirs): every pool with a line moves.
  const onRunner = () => {
    runners = null;
    for (const [pool, state] of pools) if (state.etas.size > 0) schedule(pool);
  };
  events.on("job.changed", onJob);
  events.on("runner.changed", onRunner);

  return {
    async withEtas(jobs) {
      const wanted = [...new Set(jobs.filter(isWaiting).map(poolOfJob))];
      const etas = new Map<string, ReadonlyMap<string, Eta | null>>();
      for (const pool of wanted) etas.set(pool, (await refresh(pool)).etas);
      return jobs.map((job) =>
        isWaiting(job) ? { ...job, eta: etas.get(poolOfJob(job))?.get(job.id) ?? null } : job,
      );
    },
    async etasOfPool(pool) {
      return (await refresh(pool)).etas;
    },
    cached(job) {
      if (!isWaiting(job)) return job;
      const eta = pools.get(poolOfJob(job))?.etas.get(job.id);
      return eta === undefined ? job : { ...job, eta };
    },
    async stop() {
      stopped = true;
      events.off("job.changed", onJob);
      events.off("runner.changed", onRunner);
      for (const state of pools.values()) if (state.timer) clearTimeout(state.timer);
      await Promise.all([...pools.values()].map((s) => s.inflight?.catch(() => undefined)));
    },
  };
}

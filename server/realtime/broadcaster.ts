/**
 * The one broadcaster: listens to domain events and pushes them to clients.
 *
 * Leading-edge ticks: the first change after a quiet tick goes out at once (on
 * the next turn of the event loop, so the job, run, runner and source changes
 * of one delivery travel together); while changes keep coming, at most one
 * flush per tick. The tick adapts to what a flush costs (sending to every
 * dashboard): short while flushes are cheap, longer as they grow, so pushing
 * never takes more than about a quarter of the main thread. A flush sends only the latest state of each job, run, runner
 * or source, in lists (`jobs:updated` …): one message per kind and room set
 * (see `room-batches.ts`), each encoded once by Socket.IO for all its
 * recipients. Alerts are the exception: each notice (firing, reminder,
 * resolved) is news of its own, sent at once to every unscoped dashboard and
 * to the scope rooms of the teams its job belongs to.
 * Team-scoped sockets get each change through their teams' rooms only (`team-rooms.ts`).
 */
import type { Alert, AlertNotice } from "../../lib/alerts";
import { EVENT_VERSION } from "../../lib/events";
import type { Job } from "../../lib/job";
import type { PipelineRun } from "../../lib/run";
import type { Runner } from "../../lib/runner";
import type { DeliveryStats } from "../../lib/sources";
import type { Diagnosis } from "../../lib/stall";
import type { Clock } from "../domain/clock";
import type { DomainEvents } from "../domain/events";
import { effectiveRunner } from "../domain/runner-state";
import { trackLiveRooms } from "./live-rooms";
import type { RealtimeServer } from "./realtime-server";
import { batchByRooms } from "./room-batches";
import { roomsFor, type UpdateScope } from "./rooms";
import { RECOVERY_WINDOW_MS } from "./socket-server";
import { SCOPE_ALL_ROOM, teamRouting, teamScopeRoom, withTeamRooms } from "./team-rooms";
import type { TeamSnapshot } from "../auth/team-directory";

/** When the broadcaster's flushes run: real timers in the server, a manual clock in tests. */
export interface BroadcastTimers {
  /** A monotonic "now" in ms. */
  now(): number;
  /** Runs `run` after `ms` (0: on the next turn of the event loop); returns the cancel function. */
  after(ms: number, run: () => void): () => void;
}

/** Node's timers: `setImmediate` for "at once", `setTimeout` otherwise. */
export const realTimers: BroadcastTimers = {
  now: () => performance.now(),
  after(ms, run) {
    if (ms <= 0) {
      const handle = setImmediate(run);
      return () => clearImmediate(handle);
    }
    const handle = setTimeout(run, ms);
    return () => clearTimeout(handle);
  },
};

/** Options of the broadcaster. */
export interface BroadcasterOptions {
  /** Least time between two flushes, ms (default 16); a change after a quiet tick is sent at once. */
  tickMs?: number;
  /** Longest the tick grows to when flushes are costly, ms (default 100). */
  maxTickMs?: number;
  /** Runners are sent with their status as of now: idle ones silent this long read offline. */
  runnerOfflineAfterMs: number;
  /** The domain clock (runner status). */
  clock: Clock;
  /** Least time between two `metrics:updated` notices, ms (default 1000). */
  metricsIntervalMs?: number;
  /** Scheduling of flushes (default {@link realTimers}). */
  timers?: BroadcastTimers;
  /**
   * Send to every room a change matches, not only rooms with members here: set
   * when nodes share an adapter, since other nodes' dashboards are in rooms this
   * node cannot see (more, smaller messages; nothing missed).
   */
  everyRoomLive?: boolean;
  /**
   * A queued job's last known ETA, attached before it is sent (`jobs.estimated`
   * brings fresh ones); absent: jobs go out as stored.
   */
  withEta?: (job: Job) => Job;
  /** Told, per job update sent, how long it waited since its change was committed, ms (evidence). */
  onSent?: (source: Job["source"], delayMs: number) => void;
  /** The teams (see `team-rooms.ts`); absent: no team rooms, scoped sockets receive no updates. */
  teams?: { latest(): TeamSnapshot | null };
}

/** Starts broadcasting; returns a function that flushes what is pending and stops. */
export function startBroadcaster(io: RealtimeServer, events: DomainEvents, options: BroadcasterOptions) {
  const minTickMs = options.tickMs ?? 16;
  const maxTickMs = Math.max(minTickMs, options.maxTickMs ?? 100);
  let tickMs = minTickMs;
  const timers = options.timers ?? realTimers;
  const liveRooms = options.everyRoomLive
    ? { has: () => true, stop() {} }
    : trackLiveRooms(io, RECOVERY_WINDOW_MS);
  const jobs = new Map<string, Job>();
  // When each pending job change first arrived (a later change of the same job keeps the first time).
  const pendingSince = new Map<string, number>();
  const runs = new Map<string, PipelineRun>();
  const runners = new Map<string, Runner>();
  const sources = new Map<string, DeliveryStats>();
  let cancelFlush: (() => void) | null = null;
  let lastFlushAt = -Infinity;

  // Metrics notices: at most one a second, naming what changed since the last one.
  const metricsMs = options.metricsIntervalMs ?? 1000;
  const changedSources = new Set<Job["source"]>();
  const changedRepos = new Set<string>();
  // The same, per team, for its members (who must not learn another team's repos).
  const changedByTeam = new Map<string, { sources: Set<Job["source"]>; repos: Set<string> }>();
  let cancelMetrics: (() => void) | null = null;
  const flushMetrics = () => {
    cancelMetrics = null;
    if (changedSources.size === 0) return;
    const at = new Date(options.clock.now()).toISOString();
    const notice = (sources: Set<Job["source"]>, repos: Set<string>) => ({
      version: EVENT_VERSION,
      at,
      sources: [...sources],
      repos: [...repos].slice(0, 100),
    });
    io.to(SCOPE_ALL_ROOM).emit("metrics:updated", notice(changedSources, changedRepos));
    for (const [team, changed] of changedByTeam)
      io.to(teamScopeRoom(team)).emit("metrics:updated", notice(changed.sources, changed.repos));
    changedSources.clear();
    changedRepos.clear();
    changedByTeam.clear();
  };
  // Which teams each change belongs to, from the teams as last loaded (routing is synchronous).
  const routing = () => teamRouting(options.teams?.latest() ?? null);

  /** The messages for these changes: one per set of rooms that could reach someone. */
  const batches = <T>(
    items: Iterable<T>,
    scopeOf: (item: T) => UpdateScope,
    teamsOf: (item: T) => string[],
  ) =>
    batchByRooms(items, (item) =>
      withTeamRooms(roomsFor(scopeOf(item)), teamsOf(item)).filter((room) => liveRooms.has(room)),
    );

  const flush = () => {
    cancelFlush = null;
    if (jobs.size + runs.size + runners.size + sources.size === 0) return;
    lastFlushAt = timers.now();
    const version = EVENT_VERSION;
    const teams = routing();
    for (const { rooms, items } of batches(jobs.values(), (job) => scopeOfJob(job), teams.job))
      io.to(rooms).emit("jobs:updated", { version, jobs: items });
    if (options.onSent) {
      const sentAt = timers.now();
      for (const job of jobs.values())
        options.onSent(job.source, sentAt - (pendingSince.get(job.id) ?? sentAt));
    }
    pendingSince.clear();
    for (const { rooms, items } of batches(
      runs.values(),
      (run) => ({ repo: run.repo, source: run.source, labels: [] }),
      teams.run,
    ))
      io.to(rooms).emit("runs:updated", { version, runs: items });
    const now = options.clock.now();
    const effective = [...runners.values()].map((r) => effectiveRunner(r, now, options.runnerOfflineAfterMs));
    for (const { rooms, items } of batches(
      effective,
      (runner) => ({ repo: null, source: runner.source, labels: runner.labels }),
      teams.runner,
    ))
      io.to(rooms).emit("runners:updated", { version, runners: items });
    // Delivery health is about the endpoint, not any one repo: every unscoped dashboard sees it
    // (counts over every team's deliveries are not a team member's to see).
    if (sources.size > 0)
      io.to(SCOPE_ALL_ROOM).emit("sources:updated", { version, sources: [...sources.values()] });
    jobs.clear();
    runs.clear();
    runners.clear();
    sources.clear();
    tickMs = Math.min(maxTickMs, Math.max(minTickMs, (timers.now() - lastFlushAt) / FLUSH_SHARE));
  };

  // Leading edge: at once after a quiet tick, else at the end of the current one.
  // The wait is clamped to one tick, so a clock that jumps cannot stall the flushes.
  const schedule = () => {
    if (cancelFlush) return;
    const wait = Math.min(tickMs, Math.max(0, lastFlushAt + tickMs - timers.now()));
    cancelFlush = timers.after(wait, flush);
  };
  // Re-inserting moves a record to the end, so a list follows the order of the latest changes.
  const put = <T>(map: Map<string, T>, key: string, value: T) => {
    map.delete(key);
    map.set(key, value);
    schedule();
  };
  const onJob = ({ job }: { job: Job }) => {
    if (!pendingSince.has(job.id)) pendingSince.set(job.id, timers.now());
    put(jobs, job.id, options.withEta ? options.withEta(job) : job);
    changedSources.add(job.source);
    changedRepos.add(job.repo);
    for (const team of routing().job(job)) {
      let changed = changedByTeam.get(team);
      if (!changed) changedByTeam.set(team, (changed = { sources: new Set(), repos: new Set() }));
      changed.sources.add(job.source);
      changed.repos.add(job.repo);
    }
    cancelMetrics ??= timers.after(metricsMs, flushMetrics);
  };
  // New ETAs change no figure: no metrics notice, and no delivery delay to report.
  const onEstimated = ({ jobs: estimated }: { jobs: Job[] }) => {
    // A change of the job pending here is newer than the estimate's read: it keeps its state,
    // and takes the ETA only while still waiting (a job that started has none).
    for (const job of estimated) {
      const pending = jobs.get(job.id);
      if (!pending) put(jobs, job.id, job);
      else if (pending.status === "queued" || pending.status === "waiting")
        put(jobs, job.id, { ...pending, eta: job.eta });
    }
  };
  const onRun = ({ run }: { run: PipelineRun }) => put(runs, run.id, run);
  const onRunner = ({ runner }: { runner: Runner }) => put(runners, runner.id, runner);
  const onSource = ({ stats }: { stats: DeliveryStats }) => put(sources, stats.source, stats);
  // Alerts are not filtered by `subscribe`: an alert may be about a pool or a source, not a repo.
  // Team members get it through their teams' scope rooms (one message: a socket in several gets it once).
  const onAlert = ({ alert, notice }: { alert: Alert; notice: AlertNotice }) => {
    const rooms = [SCOPE_ALL_ROOM, ...routing().alert(alert).map(teamScopeRoom)];
    io.to(rooms).emit("alert:fired", { version: EVENT_VERSION, notice, alert });
  };
  events.on("job.changed", onJob);
  events.on("jobs.estimated", onEstimated);
  events.on("run.changed", onRun);
  events.on("runner.changed", onRunner);
  events.on("source.changed", onSource);
  events.on("alert.fired", onAlert);
  // Diagnoses concern every pool and source: like sources and alerts, only unscoped clients get them
  // (a team-scoped socket must not learn another team's pools).
  const onDiagnoses = ({ diagnoses, at }: { diagnoses: Diagnosis[]; at: number }) => {
    io.to(SCOPE_ALL_ROOM).emit("diagnoses:updated", {
      version: EVENT_VERSION,
      at: new Date(at).toISOString(),
      diagnoses,
    });
  };
  events.on("diagnoses.changed", onDiagnoses);

  return function stop() {
    events.off("diagnoses.changed", onDiagnoses);
    events.off("job.changed", onJob);
    events.off("jobs.estimated", onEstimated);
    events.off("run.changed", onRun);
    events.off("runner.changed", onRunner);
    events.off("source.changed", onSource);
    events.off("alert.fired", onAlert);
    cancelFlush?.();
    cancelMetrics?.();
    flush();
    flushMetrics();
    liveRooms.stop();
  };
}

/** Most of the main thread's time flushes may take: the tick is at least a flush's cost over this. */
const FLUSH_SHARE = 0.25;

const scopeOfJob = (job: Job): UpdateScope => ({
  repo: job.repo,
  source: job.source,
  labels: job.runner.labels,
});

/**
 * The one broadcaster: listens to domain events and pushes them to clients.
 * Changes are coalesced per tick — only the latest state of each job, run,
 * runner or source in a tick is sent — so a burst of webhooks for the same
 * records costs one message each. Alerts are the exception: each notice
 * (firing, reminder, resolved) is news of its own, sent at once to everyone.
 */
import type { Alert, AlertNotice } from "../../lib/alerts";
import { EVENT_VERSION } from "../../lib/events";
import type { Job } from "../../lib/job";
import type { PipelineRun } from "../../lib/run";
import type { Runner } from "../../lib/runner";
import type { DeliveryStats } from "../../lib/sources";
import type { Clock } from "../domain/clock";
import type { DomainEvents } from "../domain/events";
import { effectiveRunner } from "../domain/runner-state";
import { roomsFor, roomsForJob } from "./rooms";
import type { RealtimeServer } from "./realtime-server";

/** Options of the broadcaster. */
export interface BroadcasterOptions {
  /** Coalescing window in ms (default 50). */
  tickMs?: number;
  /** Runners are sent with their status as of now: idle ones silent this long read offline. */
  runnerOfflineAfterMs: number;
  clock: Clock;
  /** Least time between two `metrics:updated` notices, ms (default 1000). */
  metricsIntervalMs?: number;
}

/** Starts broadcasting; returns a function that flushes what is pending and stops. */
export function startBroadcaster(io: RealtimeServer, events: DomainEvents, options: BroadcasterOptions) {
  const tickMs = options.tickMs ?? 50;
  const jobs = new Map<string, Job>();
  const runs = new Map<string, PipelineRun>();
  const runners = new Map<string, Runner>();
  const sources = new Map<string, DeliveryStats>();
  let timer: NodeJS.Timeout | null = null;
  // Metrics notices: at most one a second, naming what changed since the last one.
  const metricsMs = options.metricsIntervalMs ?? 1000;
  const changedSources = new Set<Job["source"]>();
  const changedRepos = new Set<string>();
  let metricsTimer: NodeJS.Timeout | null = null;
  const flushMetrics = () => {
    metricsTimer = null;
    if (changedSources.size === 0) return;
    io.emit("metrics:updated", {
      version: EVENT_VERSION,
      at: new Date(options.clock.now()).toISOString(),
      sources: [...changedSources],
      repos: [...changedRepos].slice(0, 100),
    });
    changedSources.clear();
    changedRepos.clear();
  };

  const flush = () => {
    timer = null;
    const version = EVENT_VERSION;
    for (const job of jobs.values()) io.to(roomsForJob(job)).emit("job:updated", { version, job });
    for (const run of runs.values())
      io.to(roomsFor({ repo: run.repo, source: run.source, labels: [] })).emit("run:updated", {
        version,
        run,
      });
    const now = options.clock.now();
    for (const stored of runners.values()) {
      const runner = effectiveRunner(stored, now, options.runnerOfflineAfterMs);
      io.to(roomsFor({ repo: null, source: runner.source, labels: runner.labels })).emit("runner:updated", {
        version,
        runner,
      });
    }
    // Delivery health is about the endpoint, not any one repo: every dashboard sees it.
    for (const stats of sources.values()) io.emit("source:updated", { version, stats });
    jobs.clear();
    runs.clear();
    runners.clear();
    sources.clear();
  };

  const later = () => {
    timer ??= setTimeout(flush, tickMs);
  };
  const onJob = ({ job }: { job: Job }) => {
    jobs.set(job.id, job);
    later();
    changedSources.add(job.source);
    changedRepos.add(job.repo);
    metricsTimer ??= setTimeout(flushMetrics, metricsMs);
  };
  const onRun = ({ run }: { run: PipelineRun }) => {
    runs.set(run.id, run);
    later();
  };
  const onRunner = ({ runner }: { runner: Runner }) => {
    runners.set(runner.id, runner);
    later();
  };
  const onSource = ({ stats }: { stats: DeliveryStats }) => {
    sources.set(stats.source, stats);
    later();
  };
  // Alerts are not filtered by `subscribe`: an alert may be about a pool or a source, not a repo.
  const onAlert = ({ alert, notice }: { alert: Alert; notice: AlertNotice }) => {
    io.emit("alert:fired", { version: EVENT_VERSION, notice, alert });
  };
  events.on("job.changed", onJob);
  events.on("run.changed", onRun);
  events.on("runner.changed", onRunner);
  events.on("source.changed", onSource);
  events.on("alert.fired", onAlert);

  return function stop() {
    events.off("job.changed", onJob);
    events.off("run.changed", onRun);
    events.off("runner.changed", onRunner);
    events.off("source.changed", onSource);
    events.off("alert.fired", onAlert);
    if (timer) clearTimeout(timer);
    if (metricsTimer) clearTimeout(metricsTimer);
    flush();
    flushMetrics();
  };
}

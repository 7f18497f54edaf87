/**
 * Where an SLO stands: its events over 28 days and each burn-rate window,
 * counted per objective (see docs/slos.md for what an event is), judged by
 * `judgeSlo`, with the events that consumed the budget, newest first.
 */
import { SLO_LIMITS, SLO_WINDOW_MS, type Slo, type SloConsumer, type SloStatus } from "../../lib/slo";
import { SLO_COUNT_WINDOWS, judgeSlo, type SloWindowCounts } from "../domain/slo-budget";
import { breakEvents, countWindows } from "../domain/slo-events";
import type { SloStore } from "../store/store";
import { sumCounts } from "../store/slo-store";
import type { AckSampler } from "../telemetry/ack-sampler";
import type { BreakRunCache } from "./break-run-cache";
import { compileGlob } from "../alerts/glob";
import { dashboardPath, formatDuration, jobPath } from "../alerts/format";
import { DEFAULT_BRANCHES } from "../metrics/workflows";

/** What the status is read from. */
export interface SloStatusDeps {
  store: Pick<SloStore, "sloQueueCounts" | "sloQueueConsumers" | "sloRunCounts" | "sloVerdictRuns">;
  /** This node's webhook acknowledgement times (webhook_ack_p99); without it those SLOs have no data. */
  acks?: AckSampler;
  /** time_to_green's runs kept between evaluations and topped up; without it each evaluation reads them all. */
  breaks?: BreakRunCache;
}

/** The windows counted: the 28-day budget and the four burn-rate windows. */
export const SLO_WINDOWS = { budget: SLO_WINDOW_MS, ...SLO_COUNT_WINDOWS };

/** Runs read for time_to_green: a break may start up to `maxMs` before the window, and its series needs a run before that. */
const SEED_MS = 7 * 24 * 3_600_000;
/** Most runs one time_to_green evaluation reads (the oldest beyond it are not seen). */
const MAX_BREAK_RUNS = 200_000;

const runPath = (repo: string, workflow: string) => dashboardPath("/pipelines", { repo, workflow });

interface Counted {
  counts: SloWindowCounts;
  consumers: SloConsumer[];
  note: string | null;
}

/** Counts the events of `slo` at `now`. */
async function count(slo: Slo, deps: SloStatusDeps, now: number): Promise<Counted> {
  const { store } = deps;
  const limit = SLO_LIMITS.consumers;
  const objective = slo.objective;
  switch (objective.kind) {
    case "queue_time_p95": {
      const maxMs = objective.maxSeconds * 1000;
      const [counts, slow] = await Promise.all([
        store.sloQueueCounts(objective.pool, maxMs, now, SLO_WINDOWS),
        store.sloQueueConsumers(objective.pool, maxMs, now, SLO_WINDOW_MS, limit),
      ]);
      const consumers = slow.map((job): SloConsumer => ({
        at: new Date(job.t).toISOString(),
        kind: "job",
        id: job.id,
        label: `${job.repo} · ${job.workflow} · ${job.name}`,
        detail:
          job.startedAt === null
            ? `waiting for ${formatDuration(now - job.queuedAt)}`
            : `queued ${formatDuration(job.startedAt - job.queuedAt)}`,
        path: jobPath(job.id),
      }));
      return { counts, consumers, note: null };
    }
    case "success_rate": {
      const matches = objective.repo ? compileGlob(objective.repo) : () => true;
      const [groups, failed] = await Promise.all([
        store.sloRunCounts(DEFAULT_BRANCHES, now, SLO_WINDOWS),
        // The glob is matched here, not in SQL: read more than needed, keep the first matching.
        store.sloVerdictRuns(DEFAULT_BRANCHES, now - SLO_WINDOW_MS, now, limit * 20, true),
      ]);
      const counts = sumCounts([...groups].filter(([repo]) => matches(repo)).map(([, c]) => c));
      const consumers = failed
        .filter((run) => matches(run.repo))
        .slice(0, limit)
        .map((run): SloConsumer => ({
          at: new Date(run.at).toISOString(),
          kind: "run",
          id: run.id,
          label: `${run.repo} · ${run.workflow}`,
          detail: run.status === "timed_out" ? "timed out" : "failed",
          path: runPath(run.repo, run.workflow),
        }));
      return { counts, consumers, note: null };
    }
    case "time_to_green": {
      const maxMs = objective.maxMinutes * 60_000;
      const matches = objective.repo ? compileGlob(objective.repo) : () => true;
      const from = now - SLO_WINDOW_MS - maxMs - SEED_MS;
      // SLOs with the same limit read the same runs: one cache entry per limit.
      const runs = deps.breaks
        ? await deps.breaks.read(`time_to_green:${maxMs}`, DEFAULT_BRANCHES, from, now, MAX_BREAK_RUNS)
        : await store.sloVerdictRuns(DEFAULT_BRANCHES, from, now, MAX_BREAK_RUNS);
      const events = breakEvents(
        runs.filter((run) => matches(run.repo)),
        maxMs,
        now,
      );
      const counts = countWindows(events, now, SLO_WINDOWS);
      const consumers = events
        .filter((e) => !e.good && e.t > now - SLO_WINDOW_MS)
        .sort((a, b) => b.t - a.t)
        .slice(0, limit)
        .map((e): SloConsumer => ({
          at: new Date(e.t).toISOString(),
          kind: "run",
          id: e.run.id,
          label: `${e.run.repo} · ${e.run.workflow}`,
          detail:
            e.fixedAt === null
              ? `red for ${formatDuration(now - e.run.at)}`
              : `fixed after ${formatDuration(e.fixedAt - e.run.at)}`,
          path: runPath(e.run.repo, e.run.workflow),
        }));
      return { counts, consumers, note: null };
    }
    case "webhook_ack_p99": {
      if (!deps.acks) return { counts: countWindows([], now, SLO_WINDOWS), consumers: [], note: null };
      const acks = await deps.acks.counts(objective.source, objective.maxMs, now, SLO_WINDOWS);
      const bound = acks.boundMs === null ? "no bucket at or below the limit" : `${acks.boundMs} ms`;
      const note =
        `Acknowledgement times of this node since ${new Date(acks.since).toISOString()} ` +
        `(histogram runwatch_webhook_ack_seconds, judged at its bucket bound ${bound}); ` +
        `deliveries are not timed one by one, so none is listed.`;
      return { counts: acks.counts, consumers: [], note };
    }
  }
}

/** The status of `slo` at `now`. */
export async function sloStatus(slo: Slo, deps: SloStatusDeps, now: number): Promise<SloStatus> {
  const { counts, consumers, note } = await count(slo, deps, now);
  return { slo, at: new Date(now).toISOString(), ...judgeSlo(counts, slo.target), consumers, note };
}

/**
 * Threshold-style conditions, evaluated on a tick from what the metric
 * functions already answer (`metricsQueue`, `metricsWorkflows`, the runner
 * registry, the delivery stats), so alerting and the dashboard never disagree.
 * Each evaluator returns one {@link Observation} per subject the rule matches;
 * pass them to `throttleTick`. Pure: `now` is passed in.
 *
 * Observations must cover the rule's whole scope each tick: a firing subject
 * that is missing from a tick is resolved as gone. `holds: null` (too little
 * data) keeps a subject as it is.
 */
import type { AlertJob, AlertRuleKind } from "../../lib/alerts";
import type { QueuePool, WaitingJob, WorkflowHealth } from "../../lib/metrics";
import type { Runner } from "../../lib/runner";
import { poolOf } from "../../lib/runner";
import {
  evaluatePoolsOffline,
  evaluateRunnersOffline,
  evaluateSourcesSilent,
  type SourceSilence,
} from "./fleet-rules";
import type { SloStatus } from "../../lib/slo";
import { evaluateSloBurn } from "./slo-burn-rule";
import type { Diagnosis } from "../../lib/stall";
import { evaluateDiagnoses } from "./diagnosis-rules";
import { dashboardPath, formatDuration, formatPercent, jobPath } from "./format";
import { exactFilter } from "./glob";
import { matcherFor, thresholdOf, windowOf, type Observation, type ThresholdRule } from "./observation";

/** Fewest jobs a success rate or a duration is judged on (fewer: `holds: null`). */
export const DEFAULT_MIN_JOBS = 5;

/**
 * queue_time, per label pool: the pool's queue time is the larger of its p95
 * over the rule's window and the age of its oldest waiting job (a pool where
 * nothing starts has no new queue times at all, only an ever older queue).
 * The p95 counts only while a job still waits: once the pool's queue is empty
 * nobody is waiting, so the alert resolves when the waiting job starts (the
 * p95 would otherwise hold it open for a window, on the very wait that just
 * ended). The observation names the oldest waiting job, so the alert links to
 * it and its resolution can say that it started.
 * The `label` glob matches any of the pool's labels (its name, when it has none).
 */
export function evaluateQueueTime(
  rule: ThresholdRule,
  pools: readonly QueuePool[],
  now: number,
): Observation[] {
  const threshold = thresholdOf(rule);
  const matches = matcherFor(rule);
  return pools
    .filter((pool) => matches({ labels: pool.labels.length > 0 ? pool.labels : [pool.pool] }))
    .map((pool) => {
      const oldestMs = pool.oldest ? now - Date.parse(pool.oldest.queuedAt) : null;
      const p95 = pool.queued > 0 ? pool.queueP95Ms : null;
      const known = [p95, oldestMs].filter((v): v is number => v !== null && Number.isFinite(v));
      const worst = known.length > 0 ? Math.max(...known) : null;
      const verdict = worst !== null && worst >= threshold ? "over" : "within";
      return {
        subject: pool.pool,
        holds: worst === null ? false : worst >= threshold,
        job: pool.oldest ? waitingSnapshot(pool.oldest) : null,
        summary: `Queue time for pool ${pool.pool} is ${worst === null ? "unknown" : formatDuration(worst)}, ${verdict} the ${formatDuration(threshold)} threshold.`,
        where: { pool: pool.pool },
        facts: [
          { label: `Queue p95 (${formatDuration(windowOf(rule))})`, value: fmt(pool.queueP95Ms) },
          { label: "Oldest waiting", value: fmt(oldestMs) },
          { label: "Queued now", value: String(pool.queued) },
          { label: "Runners online", value: `${pool.runners.online} (${pool.runners.busy} busy)` },
          { label: "Threshold", value: formatDuration(threshold) },
        ],
        path: "/queue",
      };
    });
}

const fmt = (ms: number | null) => (ms === null ? "—" : formatDuration(ms));

/**
 * stuck_job, per waiting job: stuck (queued with no online runner able to
 * take it, as `metricsQueue` judged) for at least the threshold. Pass every
 * waiting job, or just `stuckJobs`: a job that starts drops out and resolves.
 */
export function evaluateStuckJobs(
  rule: ThresholdRule,
  jobs: readonly WaitingJob[],
  now: number,
): Observation[] {
  const threshold = thresholdOf(rule);
  const matches = matcherFor(rule);
  return jobs
    .filter((j) =>
      matches({ source: j.source, repo: j.repo, workflow: j.workflow, job: j.name, labels: j.labels }),
    )
    .map((j) => {
      const waited = now - Date.parse(j.queuedAt);
      const pool = poolOf(j.labels, null);
      const holds = j.stuck && waited >= threshold;
      const name = `${j.name} (${j.repo} · ${j.workflow})`;
      return {
        subject: j.id,
        holds,
        since: j.queuedAt,
        summary: holds
          ? `${name} has waited ${formatDuration(waited)} for a runner of pool ${pool}, and no online runner can take it.`
          : `${name} has waited ${formatDuration(waited)} for pool ${pool}, within the ${formatDuration(threshold)} threshold or with a runner able to take it.`,
        where: { source: j.source, repo: j.repo, workflow: j.workflow, job: j.name, pool },
        facts: [
          { label: "Waiting", value: formatDuration(waited) },
          { label: "Threshold", value: formatDuration(threshold) },
        ],
        path: jobPath(j.id),
        job: waitingSnapshot(j),
      };
    });
}

/** The snapshot an alert keeps of a waiting job. */
const waitingSnapshot = (j: WaitingJob): AlertJob => ({
  id: j.id,
  source: j.source,
  repo: j.repo,
  workflow: j.workflow,
  name: j.name,
  branch: null,
  sha: null,
  status: "queued",
  finishedAt: null,
  url: j.url,
  runner: null,
});

type WorkflowKey = Pick<WorkflowHealth, "repo" | "workflow">;
const workflowSubject = (w: WorkflowKey) => JSON.stringify([w.repo, w.workflow]);
const workflowWhere = (rule: ThresholdRule, w: WorkflowKey) => {
  const exact = exactFilter(rule.match);
  return { repo: w.repo, workflow: w.workflow, ...(exact.branch ? { branch: exact.branch } : {}) };
};
const insightsPath = (rule: ThresholdRule, w: WorkflowKey) =>
  dashboardPath("/insights", { repo: w.repo, workflow: w.workflow, branch: exactFilter(rule.match).branch });

/**
 * success_rate, per workflow (e.g. `metricsWorkflows(...).slowest` with the
 * rule's exact filters and window): success ÷ (success + failure + timed_out)
 * under the threshold, judged on at least `minJobs` jobs.
 */
export function evaluateSuccessRate(
  rule: ThresholdRule,
  workflows: readonly Pick<WorkflowHealth, "repo" | "workflow" | "total" | "successRate">[],
  minJobs = DEFAULT_MIN_JOBS,
): Observation[] {
  const threshold = thresholdOf(rule);
  const matches = matcherFor(rule);
  return workflows
    .filter((w) => matches({ repo: w.repo, workflow: w.workflow }))
    .map((w) => {
      const judged = w.successRate !== null && w.total >= minJobs;
      const rate = w.successRate === null ? "—" : formatPercent(w.successRate);
      return {
        subject: workflowSubject(w),
        holds: judged ? (w.successRate as number) < threshold : null,
        summary: `${w.repo} · ${w.workflow} succeeded in ${rate} of ${w.total} jobs over the last ${formatDuration(windowOf(rule))} (threshold ${formatPercent(threshold)}).`,
        where: workflowWhere(rule, w),
        facts: [
          { label: "Success rate", value: rate },
          { label: "Jobs", value: String(w.total) },
          { label: "Threshold", value: formatPercent(threshold) },
        ],
        path: insightsPath(rule, w),
      };
    });
}

/**
 * duration_regression, per workflow (`metricsWorkflows`, whose baseline is the
 * 28 days before the rule's window): p50 or p95 grew by at least the threshold
 * (0.2 = 20% slower), judged when both windows have `minJobs` jobs.
 */
export function evaluateDurationRegression(
  rule: ThresholdRule,
  workflows: readonly WorkflowHealth[],
  minJobs = DEFAULT_MIN_JOBS,
): Observation[] {
  const threshold = thresholdOf(rule);
  const matches = matcherFor(rule);
  return workflows
    .filter((w) => matches({ repo: w.repo, workflow: w.workflow }))
    .map((w) => {
      const growth = [w.change.p50, w.change.p95].filter((c): c is number => c !== null);
      const judged = growth.length > 0 && w.total >= minJobs && w.baseline.total >= minJobs;
      const worst = growth.length > 0 ? Math.max(...growth) : null;
      const change = worst === null ? "unknown" : `${worst >= 0 ? "+" : ""}${formatPercent(worst)}`;
      return {
        subject: workflowSubject(w),
        holds: judged ? (worst as number) >= threshold : null,
        summary: `${w.repo} · ${w.workflow} runs ${change} against its baseline: p95 ${fmt(w.p95)} vs ${fmt(w.baseline.p95)} (threshold +${formatPercent(threshold)}).`,
        where: workflowWhere(rule, w),
        facts: [
          { label: "p50 now / baseline", value: `${fmt(w.p50)} / ${fmt(w.baseline.p50)}` },
          { label: "p95 now / baseline", value: `${fmt(w.p95)} / ${fmt(w.baseline.p95)}` },
          { label: "Jobs now / baseline", value: `${w.total} / ${w.baseline.total}` },
          { label: "Threshold", value: `+${formatPercent(threshold)}` },
        ],
        path: insightsPath(rule, w),
      };
    });
}

/** What the tick fetched; each kind reads one list (see {@link THRESHOLD_INPUTS}). */
export interface ThresholdData {
  pools?: readonly QueuePool[];
  waiting?: readonly WaitingJob[];
  workflows?: readonly WorkflowHealth[];
  runners?: readonly Runner[];
  sources?: readonly SourceSilence[];
  /** Every SLO's status (slo_burn). */
  slos?: readonly SloStatus[];
  /** The stall radar's diagnoses (see `diagnosis-rules.ts`). */
  diagnoses?: readonly Diagnosis[];
}

/** Which list of {@link ThresholdData} each threshold kind reads. */
export const THRESHOLD_INPUTS: Record<Exclude<AlertRuleKind, "job_state">, keyof ThresholdData> = {
  queue_time: "pools",
  stuck_job: "waiting",
  success_rate: "workflows",
  duration_regression: "workflows",
  runner_offline: "runners",
  source_silent: "sources",
  slo_burn: "slos",
  dispatch_stall: "diagnoses",
  orphan_label: "diagnoses",
  pool_exhausted: "diagnoses",
  silent_source: "diagnoses",
  stale_job: "diagnoses",
};

/**
 * Evaluate any threshold-style rule. Null when the list it needs was not
 * fetched (skip the tick rather than resolve everything), or for job_state.
 */
export function evaluateThresholdRule(
  rule: ThresholdRule,
  data: ThresholdData,
  now: number,
): Observation[] | null {
  if (rule.kind === "job_state") return null;
  const { pools, waiting, workflows, runners, sources, slos, diagnoses } = data;
  switch (rule.kind) {
    case "queue_time":
      return pools ? evaluateQueueTime(rule, pools, now) : null;
    case "stuck_job":
      return waiting ? evaluateStuckJobs(rule, waiting, now) : null;
    case "success_rate":
      return workflows ? evaluateSuccessRate(rule, workflows) : null;
    case "duration_regression":
      return workflows ? evaluateDurationRegression(rule, workflows) : null;
    case "runner_offline":
      if (!runners) return null;
      return rule.scope === "pool"
        ? evaluatePoolsOffline(rule, runners, now)
        : evaluateRunnersOffline(rule, runners, now);
    case "source_silent":
      return sources ? evaluateSourcesSilent(rule, sources, now) : null;
    case "slo_burn":
      return slos ? evaluateSloBurn(slos, matcherFor(rule)) : null;
    case "dispatch_stall":
    case "orphan_label":
    case "pool_exhausted":
    case "silent_source":
    case "stale_job":
      return diagnoses ? evaluateDiagnoses(rule, diagnoses, now) : null;
  }
}

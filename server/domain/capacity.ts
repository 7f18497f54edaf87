/**
 * Queue and capacity rules, pure: which waiting jobs are stuck, which
 * runners can serve a pool, utilisation, and the plain capacity hint.
 */
import type { Job } from "../../lib/job";
import type { Runner, RunnerKind } from "../../lib/runner";

/** Runner labels compare case-insensitively (GitHub treats `Linux` and `linux` alike). */
const norm = (labels: readonly string[]) => new Set(labels.map((l) => l.toLowerCase()));

/** True when the runner is online, not retired, and carries every label asked for (of the same source). */
export function canServe(runner: Runner, source: string, labels: readonly string[]): boolean {
  if (runner.status === "offline" || runner.retired || runner.source !== source) return false;
  const has = norm(runner.labels);
  return [...norm(labels)].every((label) => has.has(label));
}

/** Queued past `stuckAfterMs` with no online runner that could take it. */
export function isStuck(job: Job, runners: readonly Runner[], now: number, stuckAfterMs: number): boolean {
  const queuedAt = Date.parse(job.queuedAt ?? "");
  if (!Number.isFinite(queuedAt) || now - queuedAt < stuckAfterMs) return false;
  return !runners.some((runner) => canServe(runner, job.source, job.runner.labels));
}

/** Length of the overlap of [a0, a1) and [b0, b1), ms. */
export const overlap = (a0: number, a1: number, b0: number, b1: number) =>
  Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/** busy ÷ online, capped at 1 (a runner can report overlapping jobs); null when never online. */
export const ratio = (busyMs: number, onlineMs: number) =>
  onlineMs > 0 ? Math.min(1, busyMs / onlineMs) : null;

/** What a pool looks like, for its capacity hint. */
export interface PoolLoad {
  labels: string[];
  queued: number;
  onlineRunners: number;
  queueP95Ms: number | null;
  utilisation: number | null;
  /** The pool's kind (absent: self-hosted). */
  kind?: RunnerKind;
}

/** Queue p95 from which a busy pool is worth a hint. */
export const SLOW_QUEUE_MS = 5 * 60_000;

const minutes = (ms: number) =>
  ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
const percent = (r: number) => `${Math.round(r * 100)}%`;
const named = (labels: readonly string[]) =>
  labels.length ? labels.map((l) => `\`${l}\``).join(", ") : "(no labels)";

/**
 * A plain-language capacity hint, or null when the pool looks healthy or is
 * not the user's to size (hosted or ephemeral: its machines come and go with
 * its jobs):
 * 1. jobs waiting and no online runner can take them → start one;
 * 2. p95 queue time ≥ 5 min with utilisation ≥ 80% → add runners;
 * 3. utilisation under 20% on 3+ runners with p95 queue under a minute → the pool could shrink.
 */
export function capacityHint(pool: PoolLoad): string | null {
  const { labels, queued, onlineRunners, queueP95Ms, utilisation } = pool;
  if ((pool.kind ?? "self-hosted") !== "self-hosted") return null;
  if (queued > 0 && onlineRunners === 0)
    return `${queued} job${queued === 1 ? "" : "s"} waiting and no online runner labelled ${named(labels)}: start one`;
  if (queueP95Ms !== null && queueP95Ms >= SLOW_QUEUE_MS && utilisation !== null && utilisation >= 0.8)
    return `p95 queue time ${minutes(queueP95Ms)} with ${percent(utilisation)} utilisation: add runners labelled ${named(labels)}`;
  if (utilisation !== null && utilisation < 0.2 && onlineRunners >= 3 && (queueP95Ms ?? 0) < 60_000)
    return `utilisation ${percent(utilisation)} across ${onlineRunners} runners: this pool could shrink`;
  return null;
}

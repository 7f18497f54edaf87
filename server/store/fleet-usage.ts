/**
 * Job minutes per hour, source, pool and repository (`usage_hourly`,
 * migration 0010): what hosted CI costs. Kept by delta as jobs are written —
 * a job's contribution is taken out as stored before and put back as stored
 * now — so a re-reported, corrected or replayed job is never counted twice,
 * and a usage window reads a few hundred rows instead of every job.
 */
import { sql, type Kysely } from "kysely";
import { isTerminal, type Job } from "../../lib/job";
import { poolOf } from "../../lib/runner";
import { vendorHosted } from "../domain/runner-kind";
import type { Database } from "./schema";

const HOUR_MS = 3_600_000;

/** One job's share of usage: the hour it finished in, its keys, its time. */
interface Share {
  hour: number;
  source: string;
  pool: string;
  repo: string;
  hosted: number;
  durationMs: number;
  /** Its duration rounded up to a whole minute (GitHub bills each job so). */
  minutes: number;
}

/** What a job adds to usage: a finished job that ran on a runner for a known time; null otherwise. */
export function usageShare(job: Job | null): Share | null {
  if (!job || !isTerminal(job.status) || job.durationMs === null || !job.runner.name) return null;
  const finished = Date.parse(job.finishedAt ?? "");
  if (!Number.isFinite(finished)) return null;
  const durationMs = Math.max(0, Math.round(job.durationMs));
  return {
    hour: Math.floor(finished / HOUR_MS) * HOUR_MS,
    source: job.source,
    pool: poolOf(job.runner.labels, job.runner.group),
    repo: job.repo,
    hosted: vendorHosted({ source: job.source, name: job.runner.name, group: job.runner.group }) ? 1 : 0,
    durationMs,
    minutes: Math.ceil(durationMs / 60_000),
  };
}

const sameShare = (a: Share, b: Share) =>
  a.hour === b.hour &&
  a.source === b.source &&
  a.pool === b.pool &&
  a.repo === b.repo &&
  a.hosted === b.hosted &&
  a.durationMs === b.durationMs;

async function add(db: Kysely<Database>, share: Share, sign: 1 | -1): Promise<void> {
  await db
    .insertInto("usage_hourly")
    .values({
      hour: share.hour,
      source: share.source,
      pool: share.pool,
      repo: share.repo,
      hosted: share.hosted,
      jobs: sign,
      duration_ms: sign * share.durationMs,
      minutes: sign * share.minutes,
    })
    .onConflict((oc) =>
      oc.columns(["hour", "source", "pool", "repo"]).doUpdateSet({
        // A key once seen on a hosted runner stays hosted. Columns qualified and CASE for the
        // larger (SQLite's two-argument max is PostgreSQL's greatest): the SQL both engines read.
        hosted: sql<number>`CASE WHEN usage_hourly.hosted > excluded.hosted THEN usage_hourly.hosted ELSE excluded.hosted END`,
        jobs: sql<number>`usage_hourly.jobs + excluded.jobs`,
        duration_ms: sql<number>`usage_hourly.duration_ms + excluded.duration_ms`,
        minutes: sql<number>`usage_hourly.minutes + excluded.minutes`,
      }),
    )
    .execute();
}

/** Moves a job's usage from what was stored (`previous`) to what is stored now (`next`). */
export async function updateUsage(db: Kysely<Database>, next: Job, previous: Job | null): Promise<void> {
  const before = usageShare(previous);
  const after = usageShare(next);
  if (before && after && sameShare(before, after)) return;
  if (before) await add(db, before, -1);
  if (after) await add(db, after, 1);
}

/** Usage of one source, pool and repository over a window. */
export interface UsageRow {
  source: string;
  pool: string;
  repo: string;
  hosted: boolean;
  jobs: number;
  durationMs: number;
  minutes: number;
}

/** Usage per source, pool and repository of jobs finished in the hours from `from`'s to before `to`. */
export async function selectUsage(db: Kysely<Database>, from: number, to: number): Promise<UsageRow[]> {
  const rows = await db
    .selectFrom("usage_hourly")
    .select(({ fn }) => [
      "source",
      "pool",
      "repo",
      fn.max<number>("hosted").as("hosted"),
      fn.sum<number>("jobs").as("jobs"),
      fn.sum<number>("duration_ms").as("duration_ms"),
      fn.sum<number>("minutes").as("minutes"),
    ])
    .where("hour", ">=", Math.floor(from / HOUR_MS) * HOUR_MS)
    .where("hour", "<", to)
    .groupBy(["source", "pool", "repo"])
    .execute();
  return rows
    .filter((r) => Number(r.jobs) > 0)
    .map((r) => ({
      source: r.source,
      pool: r.pool,
      repo: r.repo,
      hosted: Number(r.hosted) === 1,
      jobs: Number(r.jobs),
      durationMs: Number(r.duration_ms),
      minutes: Number(r.minutes),
    }));
}

/** Drops usage of hours wholly before `cutoffMs` (retention: their jobs are gone). */
export async function purgeUsageBefore(db: Kysely<Database>, cutoffMs: number): Promise<void> {
  await db
    .deleteFrom("usage_hourly")
    .where("hour", "<", Math.floor(cutoffMs / HOUR_MS) * HOUR_MS)
    .execute();
}

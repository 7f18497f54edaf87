/**
 * A job's history: the jobs of the same series (same repository, workflow,
 * job name and branch) up to and including it — its earlier attempts and the
 * same job in earlier runs. One range of the `jobs_history` index (0015).
 */
import type { Kysely } from "kysely";
import type { Job } from "../../lib/job";
import type { Database } from "./schema";

/**
 * The job with `id` and up to `limit - 1` earlier jobs of its series, newest
 * first by the list's sort key (`created_at`, then id); null for an unknown id.
 * Jobs created after it are not included: the history of an old job ends with it.
 */
export async function selectJobHistory(
  db: Kysely<Database>,
  id: string,
  limit: number,
): Promise<Job[] | null> {
  const job = await db
    .selectFrom("jobs")
    .select(["repo", "workflow", "name", "branch", "created_at"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!job) return null;
  const rows = await db
    .selectFrom("jobs")
    .select("data")
    .where("repo", "=", job.repo)
    .where("workflow", "=", job.workflow)
    .where("name", "=", job.name)
    // A job without a branch (a tag build, a manual run) has the others without one as its series.
    .where("branch", job.branch === null ? "is" : "=", job.branch)
    .where((eb) =>
      eb.or([
        eb("created_at", "<", job.created_at),
        eb.and([eb("created_at", "=", job.created_at), eb("id", "<=", id)]),
      ]),
    )
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => JSON.parse(row.data) as Job);
}

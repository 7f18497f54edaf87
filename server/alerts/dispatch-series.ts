/**
 * Seeding a job series' broke/fixed state from the jobs already stored, for
 * a series whose state was never recorded (it finished before alerting
 * existed). Without it, a series already red would "break" again on its next
 * failure, and one already green could not be told from a brand-new one.
 */
import type { Job } from "../../lib/job";
import type { JobReads } from "../store/store";
import { seriesStateFrom, type SeriesState } from "./job-state";

/** The series' state from its latest finished job before `job` (health-bearing outcomes only), if any. */
export async function seedSeries(
  store: Pick<JobReads, "listJobs">,
  job: Job,
  now: number,
): Promise<SeriesState | undefined> {
  const finished = job.finishedAt ? Date.parse(job.finishedAt) : now;
  // The job list has no exact-name filter: `q` narrows by substring, the exact match is checked below.
  const page = await store.listJobs({
    status: ["success", "failure", "timed_out"],
    source: job.source,
    repo: job.repo,
    workflow: job.workflow,
    ...(job.branch ? { branch: job.branch } : {}),
    q: job.name.slice(0, 200),
    sort: "finished",
    limit: 50,
  });
  const prior = page.items.find(
    (j) =>
      j.id !== job.id &&
      j.name === job.name &&
      j.branch === job.branch &&
      j.finishedAt !== null &&
      Date.parse(j.finishedAt) <= finished,
  );
  return prior ? seriesStateFrom(prior, now) : undefined;
}

/** Where the job page links to: the job's run on the Pipelines page and its runner on the Runners page. */
import type { Job } from "@/lib/job";

/**
 * The Pipelines page filtered to the job's run's source, repository, workflow
 * and branch: its run is the newest there or among the first (the page has no
 * per-run view to link to).
 */
export function runHref(job: Job): string {
  const search = new URLSearchParams({ source: job.source, repo: job.repo });
  if (job.workflow) search.set("workflow", job.workflow);
  if (job.branch) search.set("branch", job.branch);
  return `/pipelines?${search.toString()}`;
}

/** The Runners page filtered to the job's runner (by source and name); null when no runner is known. */
export function runnerHref(job: Job): string | null {
  if (!job.runner.name) return null;
  return `/runners?${new URLSearchParams({ source: job.source, q: job.runner.name }).toString()}`;
}

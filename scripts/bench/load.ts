/**
 * Fills a fresh store with generated jobs (streamed in batches through the
 * store's bulk import) and builds the metric roll-ups, timing both, and
 * tallies what was written so the benchmark can pick realistic filters.
 */
import type { JobSource, JobStatus } from "../../lib/job";
import type { Store } from "../../server/store/store";
import type { Picks } from "./cases";
import { generateJobs } from "./generate";

/** What loading took and what was loaded. */
export interface LoadResult {
  /** Wall time of generate + import, and the parts of it spent in each. */
  totalMs: number;
  generateMs: number;
  storeMs: number;
  byStatus: Partial<Record<JobStatus, number>>;
  bySource: Partial<Record<JobSource, number>>;
  repos: number;
  picks: Picks;
}

/** Generates `count` jobs ending at `now` into `store`, printing progress every ~10%. */
export async function loadJobs(
  store: Store,
  options: { count: number; seed: string; now: number },
  progress: (line: string) => void,
): Promise<LoadResult> {
  const byStatus: Partial<Record<JobStatus, number>> = {};
  const bySource: Partial<Record<JobSource, number>> = {};
  const perRepo = new Map<string, { jobs: number; branch: Map<string, number> }>();
  const perLabel = new Map<string, number>();
  let jobId = "";
  let generateMs = 0;
  let storeMs = 0;
  let done = 0;
  let nextReport = options.count / 10;
  const started = performance.now();
  const batches = generateJobs({ ...options, batchSize: 5_000 });
  for (;;) {
    const t0 = performance.now();
    const next = batches.next();
    generateMs += performance.now() - t0;
    if (next.done) break;
    const batch = next.value;
    for (const job of batch) {
      byStatus[job.status] = (byStatus[job.status] ?? 0) + 1;
      bySource[job.source] = (bySource[job.source] ?? 0) + 1;
      let repo = perRepo.get(job.repo);
      if (!repo) perRepo.set(job.repo, (repo = { jobs: 0, branch: new Map() }));
      repo.jobs += 1;
      if (job.branch !== null) repo.branch.set(job.branch, (repo.branch.get(job.branch) ?? 0) + 1);
      for (const label of job.runner.labels) perLabel.set(label, (perLabel.get(label) ?? 0) + 1);
    }
    jobId ||= batch[0]?.id ?? "";
    const t1 = performance.now();
    await store.importJobs(batch);
    storeMs += performance.now() - t1;
    done += batch.length;
    if (done >= nextReport) {
      nextReport += options.count / 10;
      const elapsed = (performance.now() - started) / 1000;
      progress(`  ${done.toLocaleString("en-US")} jobs, ${elapsed.toFixed(1)} s`);
    }
  }
  const repos = [...perRepo.entries()].sort((a, b) => b[1].jobs - a[1].jobs);
  const [busyName, busy] = repos[0] ?? ["", { jobs: 0, branch: new Map<string, number>() }];
  const busyBranch = [...busy.branch.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "main";
  // A quiet repository, but one with some jobs (the 5th percentile of repositories by jobs).
  const quiet = repos[Math.floor(repos.length * 0.95)]?.[0] ?? busyName;
  const label =
    [...perLabel.entries()].sort((a, b) => b[1] - a[1])[Math.min(3, perLabel.size - 1)]?.[0] ?? "linux";
  return {
    totalMs: performance.now() - started,
    generateMs,
    storeMs,
    byStatus,
    bySource,
    repos: perRepo.size,
    picks: { busyRepo: busyName, busyBranch, quietRepo: quiet, label, jobId },
  };
}

/**
 * What kind of runner a runner is, and when it retires. Pure; callers pass
 * the clock's time and the offline window.
 *
 * The kind, first match wins:
 * 1. the kind an admin set for the runner's pool (`poolKind`);
 * 2. `hosted` when the vendor says so: GitHub's runner group `GitHub Actions`
 *    or a runner named `GitHub Actions <n>`; a GitLab instance runner
 *    (`runner_type: instance_type`, GitLab.com's shared runners);
 * 3. `ephemeral` when it behaved like one: it has taken exactly one job, is not
 *    busy, and has since gone (agent events said it disconnected, or no event
 *    has named it for the offline window). Its next job makes it self-hosted;
 * 4. otherwise `self-hosted`.
 *
 * A hosted or ephemeral runner that is not busy is retired: gone, never idle
 * capacity, not counted in its pool.
 */
import type { Runner, RunnerKind } from "../../lib/runner";

/** GitHub names its hosted runners' group this, and each runner `GitHub Actions <n>`. */
const GITHUB_HOSTED_GROUP = "GitHub Actions";
const GITHUB_HOSTED_NAME = /^GitHub Actions \d+$/;

/** GitLab's `runner_type` (kept as the runner's group) of instance-wide runners. */
const GITLAB_INSTANCE = "instance_type";

/** True when what the vendor sent says the runner is one of the vendor's own machines. */
export function vendorHosted(runner: Pick<Runner, "source" | "name" | "group">): boolean {
  if (runner.source === "github")
    return runner.group === GITHUB_HOSTED_GROUP || GITHUB_HOSTED_NAME.test(runner.name);
  if (runner.source === "gitlab") return runner.group === GITLAB_INSTANCE;
  return false;
}

/** The runner fields the kind depends on (`jobs` and `poolKind` may be absent on old rows). */
type KindInput = Pick<
  Runner,
  "source" | "name" | "group" | "currentJobId" | "lastSeenAt" | "connected" | "jobs" | "poolKind"
>;

/** The runner's kind and why, at `now` (see the rules above). */
export function kindOf(
  runner: KindInput,
  now: number,
  offlineAfterMs: number,
): { kind: RunnerKind; kindSource: Runner["kindSource"] } {
  if (runner.poolKind) return { kind: runner.poolKind, kindSource: "pool" };
  if (vendorHosted(runner)) return { kind: "hosted", kindSource: "vendor" };
  const gone = runner.connected === false || now - Date.parse(runner.lastSeenAt) > offlineAfterMs;
  if (runner.jobs === 1 && runner.currentJobId === null && gone)
    return { kind: "ephemeral", kindSource: "activity" };
  return { kind: "self-hosted", kindSource: "activity" };
}

/** True when a runner of this kind is gone: hosted or ephemeral, and not running a job. */
export const isRetired = (kind: RunnerKind, runner: Pick<Runner, "currentJobId">) =>
  kind !== "self-hosted" && runner.currentJobId === null;

/**
 * True when the runner retires as soon as it is written: its kind is fixed by
 * its pool or its vendor (not by time passing) and it is not running a job.
 * The store stamps such rows so reads skip them.
 */
export function retiredWhenWritten(runner: KindInput): boolean {
  const kind = runner.poolKind ?? (vendorHosted(runner) ? "hosted" : null);
  return kind !== null && isRetired(kind, runner);
}

/**
 * A pool's kind: the kind set for it, else hosted when its jobs ran on
 * vendor-hosted runners (`hostedPools`), else self-hosted. Only self-hosted
 * pools get capacity advice: the others' machines come and go with their jobs.
 */
export function poolKindOf(
  pool: string,
  kinds: ReadonlyMap<string, RunnerKind>,
  hostedPools: ReadonlySet<string>,
): RunnerKind {
  return kinds.get(pool) ?? (hostedPools.has(pool) ? "hosted" : "self-hosted");
}

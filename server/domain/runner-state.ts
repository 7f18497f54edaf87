/**
 * The runner registry's rules: what a job event or an agent event says about
 * the runner involved, and when silence means a runner is offline. Pure
 * functions; the store applies them inside the delivery's transaction.
 */
import { isTerminal, type Job } from "../../lib/job";
import type { Runner } from "../../lib/runner";
import type { AgentObservation } from "./observations";
import { isRetired, kindOf } from "./runner-kind";

/** Kind fields of a runner as stored: decided when read, by {@link effectiveRunner}. */
const UNDECIDED = { kind: "self-hosted", kindSource: "activity", retired: false } as const;

/**
 * The job count after `job` names the runner: a job other than the last one
 * taken counts once (a late report of an older job may count it again, which
 * only makes a runner look less ephemeral). A runner stored before counting
 * began has taken at least one job.
 */
function countJob(base: Runner, job: Job): Pick<Runner, "jobs" | "lastJobId"> {
  if (job.status !== "running" && !isTerminal(job.status)) return {};
  if (base.lastJobId === job.id) return {};
  return { jobs: (base.jobs ?? 1) + 1, lastJobId: job.id };
}

const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

/** The registry id of a runner. */
export const runnerId = (source: string, name: string) => `${source}:${name}`;

/**
 * The runner after a job event, given the job as now stored (already merged,
 * so a late `running` for a finished job reads as finished). Null when the
 * job names no runner. `at` is when the delivery arrived (ISO).
 */
export function runnerAfterJob(current: Runner | null, job: Job, at: string): Runner | null {
  const name = job.runner.name;
  if (!name) return null;
  const base: Runner = current ?? {
    id: runnerId(job.source, name),
    source: job.source,
    name,
    group: null,
    labels: [],
    status: "idle",
    currentJobId: null,
    lastSeenAt: at,
    connected: null,
    ...UNDECIDED,
    jobs: 0,
  };
  const next: Runner = {
    ...base,
    group: job.runner.group ?? base.group,
    // An agent's own report of its tags (Buildkite meta-data) outranks the tags a job asked for.
    labels: job.runner.labels.length > 0 && !base.agentEventAt ? [...job.runner.labels] : base.labels,
    lastSeenAt: later(base.lastSeenAt, at),
    ...countJob(base, job),
  };
  if (job.status === "running") {
    // A job runs only on a connected runner; a later disconnect event still wins by time.
    return {
      ...next,
      status: "busy",
      currentJobId: job.id,
      connected: base.connected === false ? true : base.connected,
    };
  }
  if (isTerminal(job.status) && (base.currentJobId === job.id || base.currentJobId === null)) {
    // Finished its current job: idle, unless agent events said it went away.
    return { ...next, status: base.connected === false ? "offline" : "idle", currentJobId: null };
  }
  return next;
}

/**
 * The runner a job's earlier report named, when a later report puts the job
 * on another runner (vendor reports can disagree); null when it did not move.
 * `previous` is the job as stored before, `job` as stored now.
 */
export function formerRunnerId(previous: Job | null, job: Job): string | null {
  const former = previous?.runner.name;
  return former && former !== job.runner.name ? runnerId(job.source, former) : null;
}

/**
 * The runner a job moved off: a runner no longer named must not stay busy
 * with the job, so it is idle again (offline when agent events said it went
 * away). Null when it is unknown or busy with something else: nothing to release.
 */
export function runnerReleased(former: Runner | null, job: Pick<Job, "id">): Runner | null {
  if (!former || former.currentJobId !== job.id) return null;
  return { ...former, status: former.connected === false ? "offline" : "idle", currentJobId: null };
}

/**
 * The runner after an agent event (Buildkite `agent.*`). Events older than
 * the newest agent event already applied are ignored, so order does not matter.
 */
export function runnerAfterAgent(current: Runner | null, agent: AgentObservation): Runner {
  const id = runnerId(agent.source, agent.name);
  if (current?.agentEventAt && Date.parse(current.agentEventAt) > Date.parse(agent.at)) {
    return { ...current, lastSeenAt: later(current.lastSeenAt, agent.at) };
  }
  const connected = agent.state === "connected";
  const base = current ?? {
    id,
    source: agent.source,
    name: agent.name,
    group: null,
    labels: [],
    status: "idle" as const,
    currentJobId: null,
    lastSeenAt: agent.at,
    connected: null,
    ...UNDECIDED,
    jobs: 0,
  };
  return {
    ...base,
    group: agent.group ?? base.group,
    labels: agent.labels.length > 0 ? [...agent.labels] : base.labels,
    lastSeenAt: later(base.lastSeenAt, agent.at),
    connected,
    agentEventAt: agent.at,
    status: connected ? (base.currentJobId ? "busy" : "idle") : "offline",
    currentJobId: connected ? base.currentJobId : null,
  };
}

/**
 * The runner as shown now: its kind (see `runner-kind.ts`), retired when a
 * hosted or ephemeral runner is not busy, and its status: an idle runner not
 * heard of for `offlineAfterMs` is offline, a retired one too. A busy one
 * stays busy (a silent job is flagged lost instead).
 */
export function effectiveRunner(runner: Runner, now: number, offlineAfterMs: number): Runner {
  const { kind, kindSource } = kindOf(runner, now, offlineAfterMs);
  const retired = isRetired(kind, runner);
  const silent = runner.status === "idle" && now - Date.parse(runner.lastSeenAt) > offlineAfterMs;
  // A retired runner is gone: shown offline, whatever its last event said.
  const status = retired || silent ? "offline" : runner.status;
  return { ...runner, status, kind, kindSource, retired };
}

/**
 * What one delivery reports, as the store persists it: observations of jobs,
 * runs and runners. Vendor normalisers produce these; the store folds them
 * into the stored records with the domain's merge rules.
 */
import type { Job, JobSource } from "../../lib/job";
import type { PipelineRun } from "../../lib/run";

/** What an agent event says about a runner (Buildkite `agent.*`). */
export interface AgentObservation {
  source: JobSource;
  name: string;
  /** The vendor's agent id, when given. */
  id: string | null;
  group: string | null;
  labels: string[];
  /** `connected`: online and idle (unless running a job); `disconnected`: offline (lost, stopped…). */
  state: "connected" | "disconnected";
  /** ISO 8601 of the event (the vendor's time when it gives one). */
  at: string;
}

/** Everything one delivery tells Runwatch. */
export interface Observations {
  jobs: Job[];
  runs: PipelineRun[];
  agents: AgentObservation[];
}

/**
 * The alerting state the store persists: what a job series and a throttled
 * subject remember between evaluations, and an alert as drafted before the
 * store assigns its id. The rules that move these live in `server/alerts/`.
 */
import type { Alert } from "../../lib/alerts";

/** What a job series remembers: its newest health-bearing outcome (see `alerts/job-state.ts`). */
export interface SeriesState {
  outcome: "pass" | "fail";
  /** Finish time of the job that set `outcome` (ms). */
  finishedAt: number;
  jobId: string;
  /** Finish time of the first failure of the current failing streak (ms); null while passing. */
  failingSince: number | null;
  /** Failures in the current streak. */
  failures: number;
}

/** What the throttle remembers of a subject while its condition holds (see `alerts/throttle.ts`). */
export interface SubjectState {
  /** When the condition began (ms). */
  since: number;
  /** When the last notification (firing or reminder) went out (ms). */
  lastNotifiedAt: number;
  /** Reminders sent so far. */
  reminders: number;
}

/** An alert as drafted: `id` null for a new one (the store assigns it). */
export type AlertDraft = Omit<Alert, "id"> & { id: string | null };

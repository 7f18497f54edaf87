/**
 * The storage interface. Everything above the store speaks only this; the
 * SQLite implementation is the default, and PostgreSQL will implement the
 * same contract for scale-out.
 */
import type { JobListResponse, JobQuery } from "../../lib/api";
import type { Job, JobSource } from "../../lib/job";

/** What the ingest service hands the store for one verified delivery. */
export interface DeliveryRecord {
  source: JobSource;
  /** The vendor's delivery id (or a key derived from the body); unique per source. */
  deliveryId: string;
  event: string;
  kind: "job" | "ignored" | "ping";
  receivedAt: number;
  /** The raw body exactly as received, kept so deliveries can be re-processed later. */
  body: string;
  /** For `kind: "job"`: the job this delivery reports. */
  jobId?: string;
  /**
   * For `kind: "job"`: combines the currently stored job (or null) with this
   * delivery's observation. Runs inside the store's transaction.
   */
  merge?: (current: Job | null) => Job;
}

/** Result of recording a delivery. */
export interface RecordOutcome {
  /** True when this delivery id was already stored: nothing else was written. */
  duplicate: boolean;
  /** The job as now stored, when the delivery was a job event. */
  job: Job | null;
  /** True when the stored job changed (so listeners should be told). */
  changed: boolean;
}

/** Thrown when a query is well-formed JSON but cannot be served (e.g. a forged cursor). */
export class QueryError extends Error {
  override name = "QueryError";
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** Durable storage of deliveries and jobs. */
export interface Store {
  /**
   * Atomically: dedupes the delivery, stores it raw, and (for job events)
   * merges and stores the job. Resolves only once the write is durable.
   */
  recordDelivery(record: DeliveryRecord): Promise<RecordOutcome>;
  /** One job by id, or null. */
  getJob(id: string): Promise<Job | null>;
  /** A page of jobs matching the query, newest first by `query.sort`. @throws QueryError */
  listJobs(query: JobQuery): Promise<JobListResponse>;
  /** Resolves when the database answers (readiness probe). */
  ping(): Promise<void>;
  /** Closes the database; further calls fail. */
  close(): Promise<void>;
}

/** Kysely table types: the shape of the database, for the store only. */
import type { Generated } from "kysely";

/** One row per job; `data` holds the full normalised Job as JSON, the rest are indexed copies for filtering. */
export interface JobsTable {
  id: string;
  source: string;
  repo: string;
  workflow: string;
  name: string;
  branch: string | null;
  status: string;
  runner_name: string | null;
  /** ms since epoch: queuedAt, or first seen when the vendor gave no queue time. Sort key of the list. */
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
  data: string;
}

/** Runner labels of each job, one row per label, for the `label` filter. */
export interface JobLabelsTable {
  job_id: string;
  label: string;
}

/** Every verified delivery, raw, as received. */
export interface DeliveriesTable {
  seq: Generated<number>;
  source: string;
  delivery_id: string;
  event: string;
  kind: string;
  job_id: string | null;
  received_at: number;
  body: string;
}

/** The database. */
export interface Database {
  jobs: JobsTable;
  job_labels: JobLabelsTable;
  deliveries: DeliveriesTable;
}

/**
 * The alert state slice: what the dispatcher remembers between evaluations
 * (job-series outcomes, per-subject throttle state), the alerts it fired, and
 * recording a notice — alert and outbox rows — in one transaction.
 */
import type { Kysely } from "kysely";
import type { Alert, AlertListResponse } from "../../lib/alerts";
import type { SeriesState, SubjectState } from "../domain/alert-state";
import {
  insertNotice,
  selectAlerts,
  selectAlertStates,
  selectOpenAlert,
  selectSeriesState,
  upsertSeriesState,
} from "./alert-queries";
import { countOpenAlerts, selectOpenAlertsOfRule } from "./alert-link-queries";
import type { NoticeRecord } from "./records";
import type { TeamScope } from "../../lib/teams";
import type { Database } from "./schema";

/** Alerting state and fired alerts. */
export interface AlertStateStore {
  /** The last outcome of a job series (`seriesKey`), or null. */
  getSeriesState(key: string): Promise<SeriesState | null>;
  putSeriesState(key: string, state: SeriesState): Promise<void>;
  /** Every subject's throttle state of a rule. */
  getAlertStates(ruleId: string): Promise<Map<string, SubjectState>>;
  /** The rule's open (firing) alert about this subject, or null. */
  openAlert(ruleId: string, subject: string): Promise<Alert | null>;
  /**
   * Atomically: stores the throttle state, inserts or updates the alert, and
   * queues one outbox row per channel (see `OUTBOX_LIMIT`). Resolves with the alert as stored.
   */
  recordNotice(record: NoticeRecord): Promise<Alert>;
  /**
   * Fired alerts newest first, each with its deliveries; with `jobId`, only the
   * alerts that job opened, reminded or closed. @throws QueryError for a bad cursor.
   */
  listAlerts(
    query: { cursor?: string; limit: number; jobId?: string },
    /** The caller's team scope (omitted: unscoped); see `selectAlerts`. */
    scope?: TeamScope,
  ): Promise<AlertListResponse>;
  /** How many alerts are firing now. */
  countOpenAlerts(scope?: TeamScope): Promise<number>;
  /** Every firing alert of a rule, oldest first (to close them when the rule is disabled or deleted). */
  openAlertsOfRule(ruleId: string): Promise<Alert[]>;
}

/** The alert state slice over a Kysely database. */
export function createAlertStateStore(db: Kysely<Database>): AlertStateStore {
  return {
    getSeriesState: (key) => selectSeriesState(db, key),
    putSeriesState: (key, state) => upsertSeriesState(db, key, state),
    getAlertStates: (ruleId) => selectAlertStates(db, ruleId),
    openAlert: (ruleId, subject) => selectOpenAlert(db, ruleId, subject),
    // Inside a batch (alert work), the notice joins the open transaction.
    recordNotice: (notice) =>
      db.isTransaction
        ? insertNotice(db, notice)
        : db.transaction().execute((trx) => insertNotice(trx, notice)),
    listAlerts: (query, scope) => selectAlerts(db, query, scope),
    countOpenAlerts: (scope) => countOpenAlerts(db, scope),
    openAlertsOfRule: (ruleId) => selectOpenAlertsOfRule(db, ruleId),
  };
}

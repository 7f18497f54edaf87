/**
 * What links alerts to the jobs that took part in them (`alert_jobs`), the
 * open-alert reads (the badge count, a rule's open alerts), and reading an
 * alert row written before those links existed.
 */
import type { Expression, Kysely, SqlBool } from "kysely";
import type { Alert } from "../../lib/alerts";
import type { TeamScope } from "../../lib/teams";
import type { Database } from "./schema";
import { alertScopeCondition } from "./team-scope";

/**
 * An alert as stored. Rows written before migration 0013 lack `openedBy`,
 * `closedBy` and `resolution`: they read as null, as the contract says.
 */
export function readAlert(data: string): Alert {
  return {
    openedBy: null,
    closedBy: null,
    resolution: null,
    ...(JSON.parse(data) as Partial<Alert>),
  } as Alert;
}

/** The job ids a notice of `alert` names: the job it is about, and the jobs that opened and closed it. */
export function jobsOf(alert: Pick<Alert, "job" | "openedBy" | "closedBy">): string[] {
  const ids = [alert.openedBy?.jobId, alert.job?.id, alert.closedBy?.jobId];
  return [...new Set(ids.filter((id): id is string => typeof id === "string"))];
}

/** Records that the alert's jobs took part in it (already-linked pairs are kept as they are). */
export async function insertAlertJobs(db: Kysely<Database>, alert: Alert): Promise<void> {
  const jobs = jobsOf(alert);
  if (jobs.length === 0) return;
  const firedAt = Date.parse(alert.firedAt);
  await db
    .insertInto("alert_jobs")
    .values(jobs.map((jobId) => ({ job_id: jobId, alert_id: alert.id, fired_at: firedAt })))
    .onConflict((oc) => oc.columns(["job_id", "alert_id"]).doNothing())
    .execute();
}

/** How many alerts are firing now (within `scope`, as `selectAlerts` scopes them). */
export async function countOpenAlerts(db: Kysely<Database>, scope: TeamScope = null): Promise<number> {
  const inScope = alertScopeCondition(scope);
  const row = await db
    .selectFrom("alerts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("state", "=", "firing")
    .$if(inScope !== null, (q) => q.where(inScope as Expression<SqlBool>))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every firing alert of a rule, oldest first. */
export async function selectOpenAlertsOfRule(db: Kysely<Database>, ruleId: string): Promise<Alert[]> {
  const rows = await db
    .selectFrom("alerts")
    .select("data")
    .where("rule_id", "=", ruleId)
    .where("state", "=", "firing")
    .orderBy("fired_at")
    .execute();
  return rows.map((row) => readAlert(row.data));
}

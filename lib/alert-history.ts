/**
 * The alerting contract's history: alerts as fired, their deliveries, and the
 * `alert:fired` payload (re-exported by `lib/alerts.ts`).
 */
import { z } from "zod";
import { isoTimestampSchema, jobSchema } from "./job";
import { ALERT_RULE_KINDS, SEVERITIES, ALERT_EVENTS, ALERT_NOTICES, type AlertNotice } from "./alert-kinds";

/** Where an alert's subject lives; each field only when it applies. */
const alertWhereSchema = z.object({
  source: z.string().optional(),
  repo: z.string().optional(),
  branch: z.string().nullable().optional(),
  workflow: z.string().optional(),
  job: z.string().optional(),
  runner: z.string().nullable().optional(),
  pool: z.string().optional(),
});
/** Where an alert's subject lives. */
export type AlertWhere = z.infer<typeof alertWhereSchema>;

/** One labelled figure of an alert, e.g. `{ label: "Queue p95", value: "12m (threshold 10m)" }`. */
const alertFactSchema = z.object({ label: z.string(), value: z.string() });
/** One labelled figure of an alert. */
export type AlertFact = z.infer<typeof alertFactSchema>;

/** The job an alert is about (a snapshot, so the alert reads the same after retention deletes the job). */
const alertJobSchema = jobSchema
  .pick({
    id: true,
    source: true,
    repo: true,
    workflow: true,
    name: true,
    branch: true,
    sha: true,
    status: true,
    finishedAt: true,
    url: true,
  })
  .extend({ runner: z.string().nullable() });
/** The job an alert is about. */
export type AlertJob = z.infer<typeof alertJobSchema>;

/**
 * The job (and its pipeline run) that opened or closed an alert: the failing job
 * that broke a series, the job that fixed it, the waiting job that started.
 * `runId` is the run's id as `GET /runs/:id` takes it (`<source>:<run>`).
 */
export const alertCauseSchema = z.object({ jobId: z.string(), runId: z.string().nullable() });
/** The job and run that opened or closed an alert (see {@link alertCauseSchema}). */
export type AlertCause = z.infer<typeof alertCauseSchema>;

/** A fired alert: one per incident of (rule, subject), from firing until resolved. */
export const alertSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  kind: z.enum(ALERT_RULE_KINDS),
  severity: z.enum(SEVERITIES),
  state: z.enum(["firing", "resolved"]),
  /** The latest event (a reminder or resolution updates it). */
  event: z.enum(ALERT_EVENTS),
  /** Key of what the alert is about within its rule (a job series, a pool, a runner, a source…). */
  subject: z.string(),
  /** One sentence: what happened. */
  summary: z.string(),
  where: alertWhereSchema,
  facts: z.array(alertFactSchema),
  /** When the condition began (first failure, job queued, runner last seen…). */
  since: isoTimestampSchema.nullable(),
  firedAt: isoTimestampSchema,
  resolvedAt: isoTimestampSchema.nullable(),
  job: alertJobSchema.nullable(),
  /** The dashboard view for it, absolute when a public URL is configured, else a path. */
  link: z.string().nullable(),
  /** The job and run whose event opened the alert; null when no job did (a runner, a pool's p95). */
  openedBy: alertCauseSchema.nullable().default(null),
  /** The job and run whose event closed it (the fix, the waiting job that started); null otherwise. */
  closedBy: alertCauseSchema.nullable().default(null),
  /** Once resolved: what changed, in one sentence ("rule disabled", "build started after 12m in queue…"). */
  resolution: z.string().nullable().default(null),
});
/** A fired alert (see {@link alertSchema}). */
export type Alert = z.infer<typeof alertSchema>;

/** One attempt-tracked delivery of one notification of an alert to one channel. */
export interface AlertDelivery {
  id: string;
  alertId: string;
  channelId: string;
  notice: AlertNotice;
  status: "pending" | "sent" | "failed";
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
}

/** `GET /alerts`: newest first, each alert with its deliveries. */
export interface AlertListResponse {
  items: (Alert & { deliveries: AlertDelivery[] })[];
  nextCursor: string | null;
}

/** `GET /alerts/open-count`: how many alerts are firing now (the navigation badge). */
export interface AlertOpenCount {
  open: number;
}

/**
 * `alert:fired` socket payload: sent when an alert fires, reminds or resolves
 * (see `notice`). `version` is `EVENT_VERSION` of `lib/events.ts`, which checks
 * that the two agree (it imports this file, so this file cannot import it).
 */
export const alertFiredPayloadSchema = z.object({
  version: z.literal(1),
  notice: z.enum(ALERT_NOTICES),
  alert: alertSchema,
});
/** `alert:fired` socket payload (see {@link alertFiredPayloadSchema}). */
export type AlertFiredPayload = z.infer<typeof alertFiredPayloadSchema>;

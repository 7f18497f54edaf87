/**
 * CI service-level objectives (SLOs): what a team declares (`SloInput`), and
 * what `GET /api/v1/slos/{id}` answers about it (`SloStatus`). Budgets are
 * event-based, as in Google's SRE workbook: each objective names what one
 * "event" is and when it is "good"; over the 28-day window the budget allows
 * `(1 - target) × events` bad ones. See docs/slos.md.
 */
import { z } from "zod";
import { JOB_SOURCES } from "./job";

/** What an SLO can measure. */
export const SLO_OBJECTIVES = ["queue_time_p95", "success_rate", "time_to_green", "webhook_ack_p99"] as const;
/** One {@link SLO_OBJECTIVES} entry. */
export type SloObjectiveKind = (typeof SLO_OBJECTIVES)[number];

/** The budget window: fixed, 28 days (four whole weeks, so weekends weigh the same in every window). */
export const SLO_WINDOW_MS = 28 * 24 * 3_600_000;

/** The burn-rate windows and thresholds of the SRE workbook's multi-window, multi-burn-rate alert. */
export const SLO_BURN_WINDOWS = {
  /** Page: 2 % of a 30-day budget in one hour (14.4×), confirmed by the last 5 minutes. */
  fast: { longMs: 3_600_000, shortMs: 300_000, rate: 14.4 },
  /** Ticket: 5 % of the budget in six hours (6×), confirmed by the last 30 minutes. */
  slow: { longMs: 6 * 3_600_000, shortMs: 1_800_000, rate: 6 },
} as const;

/** The burn-rate windows reported, by their names in {@link SloStatus.burn}. */
export const SLO_BURN_WINDOW_NAMES = ["1h", "5m", "6h", "30m"] as const;
/** One {@link SLO_BURN_WINDOW_NAMES} entry. */
export type SloBurnWindow = (typeof SLO_BURN_WINDOW_NAMES)[number];

/** Limits of SLO inputs. */
export const SLO_LIMITS = {
  name: 100,
  pattern: 300,
  maxQueueSeconds: 7 * 24 * 3600,
  maxGreenMinutes: 28 * 24 * 60,
  maxAckMs: 10_000,
  /** Budget-consuming events listed per SLO. */
  consumers: 50,
} as const;

const line = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}\p{Cs}]*$/u, { error: "must not contain control characters" });
const positive = (max: number, unit: string) =>
  z
    .number()
    .finite()
    .gt(0, { error: `must be more than 0 ${unit}` })
    .max(max, { error: `must be at most ${max} ${unit}` });
/** A repository glob (`*` any run of characters, `/` included; `?` one character). */
const repoGlob = line(SLO_LIMITS.pattern);

/** Each objective and its parameters. */
export const sloObjectiveSchema = z.discriminatedUnion("kind", [
  /** Event: a job of `pool` that started, or has waited longer than `maxSeconds`; good: it started within `maxSeconds`. */
  z.strictObject({
    kind: z.literal("queue_time_p95"),
    pool: line(200),
    maxSeconds: positive(SLO_LIMITS.maxQueueSeconds, "seconds"),
  }),
  /** Event: a finished default-branch run (success, failure or timed out); good: it succeeded. */
  z.strictObject({ kind: z.literal("success_rate"), repo: repoGlob.optional() }),
  /** Event: a default-branch break (a failing run after a success); good: fixed within `maxMinutes`. */
  z.strictObject({
    kind: z.literal("time_to_green"),
    maxMinutes: positive(SLO_LIMITS.maxGreenMinutes, "minutes"),
    repo: repoGlob.optional(),
  }),
  /** Event: an acknowledged webhook delivery; good: answered within `maxMs`. */
  z.strictObject({
    kind: z.literal("webhook_ack_p99"),
    maxMs: positive(SLO_LIMITS.maxAckMs, "ms"),
    source: z.enum(JOB_SOURCES).optional(),
  }),
]);
/** An objective with its parameters. */
export type SloObjective = z.infer<typeof sloObjectiveSchema>;

/** An SLO as posted (`POST`/`PUT /api/v1/slos`) or listed in `RUNWATCH_SLO_FILE`. */
export const sloInputSchema = z.strictObject({
  name: line(SLO_LIMITS.name),
  objective: sloObjectiveSchema,
  /**
   * Percent of events that must be good over 28 days, e.g. 99. Below 100:
   * a 100 % target leaves no budget at all (every bad event would breach it).
   */
  target: z
    .number()
    .finite()
    .gt(0, { error: "must be more than 0 (percent of good events)" })
    .lt(100, { error: "must be below 100 (a 100 % target leaves no error budget)" }),
  description: z.string().max(1000).optional(),
  /**
   * Channel ids its slo_burn notices also go to (besides the rule's): the
   * owning team's channel. An slo_burn rule must exist for any to be sent.
   */
  channels: z.array(line(100)).max(20).optional(),
});
/** An SLO definition. */
export type SloInput = z.infer<typeof sloInputSchema>;

/** An SLO of a file entry: the input with a stable id chosen by its author. */
export const sloFileEntrySchema = sloInputSchema.extend({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9-]*$/, { error: "must be lowercase letters, digits and dashes" }),
});
/** The file named by `RUNWATCH_SLO_FILE`: `{ "slos": [ … ] }`. */
export const sloFileSchema = z.strictObject({ slos: z.array(sloFileEntrySchema).max(200) });

/** An SLO as the API shows it. */
export interface Slo extends SloInput {
  id: string;
  /** `api`: created through the API (editable by admins); `file`: from `RUNWATCH_SLO_FILE` (read-only). */
  origin: "api" | "file";
  createdAt: string;
  updatedAt: string;
}

/** Good and bad events in one window. */
export interface SloEventCount {
  good: number;
  bad: number;
}

/** One event that consumed budget: a job, a run or a break, newest first. */
export interface SloConsumer {
  /** When the event went bad (ISO). */
  at: string;
  /** The job or run behind it. */
  kind: "job" | "run";
  id: string;
  /** What it was, e.g. `acme/api · build · test`. */
  label: string;
  /** Why it was bad, e.g. `queued 4m 10s`. */
  detail: string;
  /** Dashboard path, e.g. `/jobs/<id>`. */
  path: string;
}

/** Where the SLO stands now. */
export interface SloStatus {
  slo: Slo;
  /** When it was computed (ISO). */
  at: string;
  budget: {
    windowDays: 28;
    events: number;
    good: number;
    bad: number;
    /** `(1 - target) × events`: how many bad events the window may hold. */
    allowedBad: number;
    /** `bad` (the events that consumed budget). */
    consumed: number;
    /** `100 × (allowedBad - bad) / allowedBad`, negative once spent; null with no events. */
    remainingPercent: number | null;
  };
  /** Bad share over each window divided by the budgeted share `(1 - target)`; null with no events in it. */
  burn: Record<SloBurnWindow, number | null>;
  /** `fast_burn` (page) and `slow_burn` (ticket) as the multi-window alert judges them. */
  state: "ok" | "slow_burn" | "fast_burn" | "no_data";
  /** Bad events, newest first, at most {@link SLO_LIMITS.consumers}. */
  consumers: SloConsumer[];
  /** A caveat on the figures, e.g. that webhook ack times are this node's since it started. */
  note: string | null;
}

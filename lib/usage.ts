/**
 * Hosted usage: job minutes per pool and per repository over a window, with
 * their cost when a price per minute is set for the runner type
 * (`RUNWATCH_RUNNER_PRICES`), and the kinds set per runner pool. Fields may be
 * added, never renamed.
 */
import { z } from "zod";
import { jobSourceSchema, type JobSource } from "./job";
import { windowSchema } from "./metric-base";
import { RUNNER_KINDS, type RunnerKind } from "./runner";

/** `GET /api/v1/usage` query. */
export const usageQuerySchema = z.object({
  window: windowSchema.default("30d"),
  source: jobSourceSchema.optional(),
  /** `hosted` (default): hosted pools only, the minutes a vendor bills; `all`: every pool. */
  kind: z.enum(["hosted", "all"]).default("hosted"),
});

/** Minutes and cost of one slice of usage. */
export interface UsageFigures {
  jobs: number;
  /** Billable minutes: each job's run time rounded up to a whole minute, summed (as GitHub bills). */
  minutes: number;
  /** Exact run time, ms. */
  durationMs: number;
  /** minutes × the pool's price per minute; null when no price is set for it. */
  cost: number | null;
}

/** Usage of one pool in one repository. */
export interface UsageItem extends UsageFigures {
  source: JobSource;
  pool: string;
  repo: string;
  kind: RunnerKind;
  /** The price per minute that applied, or null. */
  pricePerMinute: number | null;
}

/** `GET /api/v1/usage` answer: items by minutes, most first; totals per pool and per repository. */
export interface UsageResponse {
  window: string;
  /** ISO 8601. Usage is kept per hour: the window starts at the hour holding `from`. */
  from: string;
  to: string;
  items: UsageItem[];
  pools: (UsageFigures & { source: JobSource; pool: string; kind: RunnerKind })[];
  repos: (UsageFigures & { repo: string })[];
  total: UsageFigures;
}

/** `PUT /api/v1/pools/{pool}/kind` body: the kind, or null to go back to what the vendor and activity say. */
export const poolKindInputSchema = z.object({
  kind: z.enum(RUNNER_KINDS).nullable(),
});

/** A kind set for a pool. */
export interface PoolKindItem {
  pool: string;
  kind: RunnerKind;
  /** ISO 8601. */
  updatedAt: string;
}

/** `GET /api/v1/pools` answer: every kind set, by pool. */
export interface PoolKindListResponse {
  items: PoolKindItem[];
}

/**
 * Delivery health per source: how many deliveries each endpoint accepted or
 * refused and when it last heard from its vendor. Fields may be added, never renamed.
 */
import { z } from "zod";
import { isoTimestampSchema, jobSourceSchema } from "./job";

/** What happened to a delivery, for counting. */
export const DELIVERY_OUTCOMES = ["accepted", "duplicate", "ignored", "rejected", "invalid"] as const;

/** One delivery outcome. `rejected`: bad or missing signature; `invalid`: bad body, media type or unset secret. */
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** Delivery counts of one source, as stored. */
export const deliveryStatsSchema = z.object({
  source: jobSourceSchema,
  // Every outcome must be counted; an outcome added later passes through rather than failing the parse.
  counts: z.looseRecord(z.enum(DELIVERY_OUTCOMES), z.number().int().nonnegative()),
  /** ISO 8601 of the last delivery of any outcome, or null. */
  lastDeliveryAt: isoTimestampSchema.nullable(),
  /** ISO 8601 of the last accepted (or duplicate / ignored) delivery, or null. */
  lastAcceptedAt: isoTimestampSchema.nullable(),
  /** ISO 8601 of the last refused (rejected / invalid) delivery, or null. */
  lastRefusedAt: isoTimestampSchema.nullable(),
});
/** Delivery counts of one source (see {@link deliveryStatsSchema}). */
export type DeliveryStats = z.infer<typeof deliveryStatsSchema>;

/** Health of one webhook endpoint. */
export interface SourceHealth extends DeliveryStats {
  /** Whether the endpoint's secret is set (an unconfigured endpoint refuses everything). */
  configured: boolean;
  /** Environment variables that configure it. */
  secretVariables: string[];
  /** Path of the endpoint, e.g. `/api/v1/webhooks/github`. */
  path: string;
  /** Jobs of this source flagged lost (no event for longer than the limit). */
  lostJobs: number;
}

/** `GET /api/v1/sources`. */
export interface SourceListResponse {
  items: SourceHealth[];
}

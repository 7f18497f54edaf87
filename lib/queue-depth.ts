/**
 * `GET /api/v1/metrics/queue/depth`: a pool's queue depth over time (waiting
 * and running jobs, sampled at every change, rolled up by minute) and the
 * accuracy of the ETAs actually given in the same window. Shared by the server
 * and the dashboard's Queue and Insights charts.
 */
import { z } from "zod";
import { filterText, windowSchema } from "./metric-base";

/** Query: one pool (its name as `GET /metrics/queue` gives it), or every pool summed when absent. */
export const queueDepthQuerySchema = z.object({
  pool: filterText.optional(),
  window: windowSchema.default("24h"),
});
/** Parsed query of {@link queueDepthQuerySchema}. */
export type QueueDepthQuery = z.infer<typeof queueDepthQuerySchema>;

/** One bucket: the most jobs waiting and running at any sample in it. */
export interface QueueDepthPoint {
  /** ISO start of the bucket. */
  at: string;
  waiting: number;
  running: number;
}

/** How good the ETAs given in the window were (jobs that started in it). */
export interface EtaAccuracy {
  /** Jobs that started after being given an ETA. */
  predictions: number;
  /** Median of |predicted − actual start|, ms; null with no prediction. */
  medianAbsErrorMs: number | null;
  /** Share whose error was within 30% of the wait left when the ETA was given; null with none. */
  within30: number | null;
}

/** The answer. */
export interface QueueDepthResponse {
  pool: string | null;
  window: string;
  from: string;
  to: string;
  bucketMs: number;
  /** Oldest first; a bucket without a sample carries the counts of the last one before it. */
  points: QueueDepthPoint[];
  accuracy: EtaAccuracy;
}

/**
 * Windows and buckets: parsing the window, choosing and aligning buckets.
 * Buckets align to UTC wall-clock boundaries (every bucket size divides a
 * day, and the epoch starts at midnight UTC).
 */
import { BUCKETS, BUCKET_MS, MAX_POINTS, durationMs, type Bucket } from "../../lib/metrics";

/** Points a series aims for when the caller names no bucket. */
const AUTO_POINTS = 200;

/** A window ending now: [from, to), `to` just past now so a job finishing this instant counts. */
export function windowRange(window: string, now: number): { from: number; to: number } {
  return { from: now - (durationMs(window) ?? 0), to: now + 1 };
}

/**
 * The bucket for a window: the one asked for unless the series would exceed
 * `MAX_POINTS`, else the finest giving at most 200 points (a readable chart).
 */
export function chooseBucket(windowMs: number, asked?: Bucket): Bucket {
  const points = (bucket: Bucket) => Math.ceil(windowMs / BUCKET_MS[bucket]) + 1;
  const limit = asked ? MAX_POINTS : AUTO_POINTS;
  const candidates = asked ? BUCKETS.slice(BUCKETS.indexOf(asked)) : BUCKETS;
  return candidates.find((bucket) => points(bucket) <= limit) ?? "1d";
}

/** Start of the bucket holding `ms`. */
export const alignDown = (ms: number, bucketMs: number) => Math.floor(ms / bucketMs) * bucketMs;

/** ISO 8601 of a time in ms. */
export const iso = (ms: number) => new Date(ms).toISOString();

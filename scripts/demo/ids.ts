/**
 * Stable identifiers for vendors that use UUIDs (Buildkite jobs, builds,
 * agents): derived from the simulation's numeric ids, so the same job always
 * gets the same UUID and a new session (new numeric ids) gets new ones.
 */
import { createHash } from "node:crypto";

/** A v4-shaped UUID derived from `kind` and `id` (not random: the same input gives the same UUID). */
export function stableUuid(kind: string, id: number | string): string {
  const hex = createHash("sha256").update(`${kind}:${id}`).digest("hex");
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** ISO 8601 with milliseconds, UTC (`2026-01-15T09:30:00.123Z`). */
export const isoTime = (epochMs: number) => new Date(epochMs).toISOString();

/** Ruby's `Time#to_s` in UTC, as GitLab and Buildkite write some times: `2026-01-15 09:30:00 UTC`. */
export const rubyTime = (epochMs: number) =>
  `${new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19).replace("T", " ")} UTC`;

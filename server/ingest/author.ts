/**
 * The `author` of a normalised job, shared by the adapters: who triggered it,
 * as the vendor names them.
 */
import type { Job } from "../../lib/job";

/** Longest author kept; vendor user names are far shorter, so more is not a name. */
const MAX_AUTHOR = 200;

/**
 * `{ author }` to spread into a job when the vendor named someone, `{}` when it
 * did not (blank or missing), so jobs of vendors that never say carry no field.
 * The first candidate that is a non-blank string wins.
 */
export function authorField(...candidates: unknown[]): Pick<Job, "author"> {
  for (const candidate of candidates) {
    if (typeof candidate !== "string") continue;
    const name = candidate.trim().slice(0, MAX_AUTHOR);
    if (name) return { author: name };
  }
  return {};
}

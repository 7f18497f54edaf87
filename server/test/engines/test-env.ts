/**
 * The test runner's own environment, read in one place (Runwatch's settings
 * are read only by `server/settings.ts`): whether this run is CI, where
 * every engine must be present, and the search path for engine binaries.
 */
import path from "node:path";

/** True under `CI=true`: a missing PostgreSQL, Redis or promtool fails the run instead of skipping. */
// eslint-disable-next-line no-restricted-properties
export const UNDER_CI = process.env.CI === "true";

/** The directories of `PATH`, in order. */
// eslint-disable-next-line no-restricted-properties
export const SEARCH_PATH: readonly string[] = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);

/** Types of build-if-needed.mjs (the dashboard build check shared by `npm start`, e2e and the bench). */

/** The repository root. */
export const ROOT: string;

/** True when `.next` is missing or older than any dashboard source. */
export function needsBuild(): boolean;

/** Runs `next build` if needed; exits the process if the build fails. */
export function buildIfNeeded(): void;

/**
 * Dot-segment page paths (issue 15): request targets that climb out of a public
 * prefix (`/_next/`, `/login`) in every spelling a server or browser may resolve
 * (`..`, `%2e%2e`, mixed case, backslashes, encoded separators, double encoding),
 * and what the gate may answer to each without a session, decided here
 * independently of `server/http/page-gate.ts`.
 */
import type { Random } from "../../../lib/random";

const PUBLIC_PREFIXES = ["/_next/", "/_next/static/", "/login/", "/login", "/icon.svg/", "/favicon.ico/"];
const UP = ["..", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%2E.", "%252e%252e", "%25252e%25252e"];
const HERE = [".", "%2e", "%2E"];
const SEPARATORS = ["/", "\\", "%2f", "%2F", "%5c", "%5C", "%252f"];
const PAGES = ["jobs", "admin", "keys", "audit", "runners", "", "api/v1/jobs", "_next/static/x.js", "login"];

/** One random target that steps up (or in place) from a public prefix to a page. */
export function dotSegmentPath(rng: Random): string {
  let path = rng.pick(PUBLIC_PREFIXES);
  for (let i = 0, n = rng.int(1, 3); i < n; i += 1) {
    path += rng.chance(0.8) ? rng.pick(UP) : rng.pick(HERE);
    path += rng.pick(SEPARATORS);
  }
  path += rng.pick(PAGES);
  if (rng.chance(0.2)) path += "?next=%2Fjobs";
  return path;
}

const PUBLIC = /^\/(?:login(?:\/|$)|_next\/|icon\.svg$|favicon\.ico$)/;

/**
 * Whether a target may be served without a session: only when every reading of
 * it is public. Resolved by the WHATWG parser (what Next and browsers do), then
 * decoded again and again: any reading with a dot segment, or outside the
 * public paths, needs a session.
 */
export function mayServeAnonymously(target: string): boolean {
  const resolved = new URL(`http://x${target}`).pathname;
  if (!PUBLIC.test(resolved)) return false;
  let text = resolved;
  for (let round = 0; round < 6; round += 1) {
    if (text.split(/[/\\]/).some((segment) => segment === "." || segment === "..")) return false;
    try {
      const next = decodeURIComponent(text);
      if (next === text) return true;
      text = next;
    } catch {
      return true;
    }
  }
  return false;
}

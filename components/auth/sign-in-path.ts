/**
 * Where the sign-in page sends a person afterwards. `next` arrives from the
 * query string, so it is attacker-controlled: only a path on this origin is
 * accepted, never a scheme, a host (`//evil.example`) or a browser-normalised
 * variant of one (`/\evil.example`, `/\t/evil.example`).
 */

/** Path of the sign-in page. */
export const SIGN_IN_PATH = "/login";

// Any base works: only whether the origin survives parsing matters.
const PROBE_ORIGIN = "http://runwatch.invalid";

/**
 * `raw` as a same-origin path (pathname + search + hash), or `/` when it is
 * missing, not a plain path, or points back at the sign-in page itself.
 */
export function safeNextPath(raw: string | null | undefined): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2000) return "/";
  if (!raw.startsWith("/") || raw.startsWith("//")) return "/";
  // Browsers turn `\` into `/` and drop tabs and newlines while parsing, which can make `//host` out of a path.
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return "/";
  let url: URL;
  try {
    url = new URL(raw, PROBE_ORIGIN);
  } catch {
    return "/";
  }
  if (url.origin !== PROBE_ORIGIN) return "/";
  if (url.pathname === SIGN_IN_PATH || url.pathname.startsWith(`${SIGN_IN_PATH}/`)) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page's URL, coming back to `next` (when it is a safe path other than `/`). */
export function signInHref(next?: string | null): string {
  const target = safeNextPath(next);
  return target === "/" ? SIGN_IN_PATH : `${SIGN_IN_PATH}?next=${encodeURIComponent(target)}`;
}

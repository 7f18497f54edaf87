/**
 * Links are data, not code: a vendor URL becomes a link only when it is an
 * absolute `http:` or `https:` URL. Anything else (`javascript:`, `data:`,
 * `vbscript:`, a relative path, text) is no link. Used by every ingest
 * normaliser before a URL is stored, and by the dashboard before a stored URL
 * becomes an `href` (rows stored before this check may still hold one).
 * Browser-safe.
 */

// ASCII whitespace and C0 controls: the URL parser drops them (leading, trailing, tabs and newlines inside),
// so `" java\tscript:"` is `javascript:` to a browser. Such a value is stored as the parser reads it.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const STRIPPED_BY_PARSER = /[\u0000-\u0020\u007f]/;

/**
 * `value` when it parses as an absolute http(s) URL, else null. The scheme is
 * decided by the WHATWG URL parser (the one browsers use), so case, leading
 * control characters and embedded tabs cannot disguise another scheme. A value
 * holding characters the parser would drop is returned as the parser reads it.
 */
export function httpLink(value: string | null | undefined): string | null {
  if (typeof value !== "string" || value === "") return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return STRIPPED_BY_PARSER.test(value) ? url.href : value;
}

/** The `href` for a stored link: the value when it is an http(s) URL, else undefined (render no link). */
export function linkHref(value: string | null | undefined): string | undefined {
  return httpLink(value) ?? undefined;
}

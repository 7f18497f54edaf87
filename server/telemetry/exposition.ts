/**
 * Which exposition format a scraper asked for. Prometheus sends
 * `Accept: application/openmetrics-text;version=1.0.0,…,text/plain;version=0.0.4;q=0.5,*\/*;q=0.1`
 * and takes whichever comes back; curl and older scrapers send no preference
 * and get the classic text format.
 */

/** The two formats served. */
export type ExpositionFormat = "prometheus" | "openMetrics";

const OPEN_METRICS = "application/openmetrics-text";
const TEXT = "text/plain";

/** Quality of each media range of an Accept header (a malformed q reads 0: not wanted). */
function qualities(accept: string): { type: string; q: number }[] {
  return accept.split(",").map((range) => {
    const [type = "", ...params] = range.split(";").map((part) => part.trim().toLowerCase());
    const q = params.find((param) => param.startsWith("q="));
    const value = q === undefined ? 1 : Number(q.slice(2));
    return { type, q: Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0 };
  });
}

/**
 * OpenMetrics when the Accept header names it with a quality above 0 and not
 * below that of `text/plain`; the Prometheus text format otherwise.
 */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  if (accept === undefined) return "prometheus";
  let open = 0;
  let text = 0;
  for (const { type, q } of qualities(accept)) {
    if (type === OPEN_METRICS) open = Math.max(open, q);
    if (type === TEXT) text = Math.max(text, q);
  }
  return open > 0 && open >= text ? "openMetrics" : "prometheus";
}

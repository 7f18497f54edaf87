/**
 * Plain-text formatting shared by the evaluators (summaries, facts) and the
 * message formatters: durations, percentages, and dashboard paths.
 */

const UNITS: [string, number][] = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
];

/** A duration as its two largest units, e.g. `1h 5m`, `45s`, `3d 2h`; `0s` under a second. */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms));
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    } else if (parts.length > 0) break; // `1h 0m 5s` reads as `1h`, not `1h 5s`.
  }
  return parts.length > 0 ? parts.join(" ") : "0s";
}

/** A 0..1 ratio as a percentage with at most one decimal, e.g. `87.5%`. */
export const formatPercent = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`;

/** A dashboard path with a query string of the given (non-empty) values. */
export function dashboardPath(path: string, query: Record<string, string | null | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The dashboard page of one job. */
export const jobPath = (jobId: string) => `/jobs/${encodeURIComponent(jobId)}`;

/**
 * An absolute dashboard URL for a path, when a public base URL is configured
 * (the dashboard may sit behind a proxy under a sub-path); else the path.
 */
export function dashboardUrl(baseUrl: string | null, path: string): string {
  if (!baseUrl) return path;
  return `${baseUrl.replace(/\/+$/, "")}${path}`;
}

/** The URL when it is http(s), else null: links in messages must never be `javascript:` or worse. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url || !URL.canParse(url)) return null;
  const { protocol } = new URL(url);
  return protocol === "http:" || protocol === "https:" ? url : null;
}

/**
 * From a raw CI log to the lines worth showing: control sequences and
 * timestamps removed, then the lines around the first error kept within
 * {@link LOG_EXCERPT_LIMITS}. Pure; the vendors' log formats it cleans:
 *
 * - GitHub Actions: every line begins with an ISO timestamp
 *   (`2026-01-02T10:00:00.1234567Z `); `##[group]`, `##[error]` annotations.
 * - GitLab: `section_start:<epoch>:<name>\r\e[0K` markers, optional
 *   per-line timestamps (`2026-01-02T10:00:00.123456Z 00O `), `\r` progress.
 * - Buildkite: `\e_bk;t=<epoch ms>\a` timestamps (APC sequences), ANSI colours.
 */
import { LOG_EXCERPT_LIMITS } from "../../lib/job-log";

// CSI (colours, cursor), OSC (titles, links) and APC (Buildkite timestamps) sequences.
const CONTROL =
  // eslint-disable-next-line no-control-regex -- matching terminal control characters is the point
  /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b_[^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const GITLAB_SECTION = /section_(?:start|end):\d+:[^\s\r]*(?:\[[^\]]*\])?/g;
// GitHub's `…Z ` and GitLab's `…Z 00O ` / `…Z 00O+ ` line prefixes.
const LEADING_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z (?:[0-9a-f]{2}[OE]\+? )?/;
// eslint-disable-next-line no-control-regex -- control characters left after the sequences above
const OTHER_CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

/** The log as plain lines: control sequences, timestamps and `\r`-overwritten text removed. */
export function cleanLogLines(raw: string): string[] {
  return raw
    .replace(CONTROL, "")
    .replace(GITLAB_SECTION, "")
    .split("\n")
    .map((line) => {
      // A `\r` inside a line redraws it (progress bars): what shows is the last segment.
      const shown = line.replace(/\r+$/, "").split("\r").at(-1) ?? "";
      return shown.replace(LEADING_TIMESTAMP, "").replace(OTHER_CONTROL, "").trimEnd();
    });
}

const ERROR_LINE =
  /##\[error\]|\berror\b|\berr!|\bfail(?:ed|ure|s)?\b|\bfatal\b|\bpanic(?:ked)?\b|\btraceback\b|\bexception\b|\bkilled\b|no space left|out of memory|could not resolve host|\beconn(?:reset|refused)\b|\betimedout\b|\btimed out\b|exceeded the maximum execution time/i;
// "0 errors", "no failures", "--fail-fast", "error.log": mentions that are not errors.
const NOT_ERROR =
  /\b(?:0|no|zero) (?:errors?|failures?|failed)\b|\bfail-fast\b|\bwarnings?\b.*\b0 errors?\b/i;

/** True when the line reads as an error. */
export function isErrorLine(line: string): boolean {
  return ERROR_LINE.test(line) && !NOT_ERROR.test(line);
}

/** The kept part of a log. */
export interface LogExcerpt {
  lines: string[];
  /** Index in `lines` of the first error line, or null (then `lines` is the log's tail). */
  firstErrorLine: number | null;
}

/** Lines kept before the first error, for context. */
const BEFORE = 10;

/**
 * The lines around the first error of `raw` (10 before it, the rest after,
 * at most 40 lines, each cut to 500 characters, 8 KiB in all; trailing blank
 * lines dropped); without an error line, the last 40 lines.
 */
export function excerptLog(raw: string): LogExcerpt {
  const lines = cleanLogLines(raw);
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  const errorAt = lines.findIndex(isErrorLine);
  const start =
    errorAt < 0 ? Math.max(0, lines.length - LOG_EXCERPT_LIMITS.lines) : Math.max(0, errorAt - BEFORE);
  const kept: string[] = [];
  let bytes = 0;
  for (const line of lines.slice(start, start + LOG_EXCERPT_LIMITS.lines)) {
    const cut =
      line.length > LOG_EXCERPT_LIMITS.lineChars ? `${line.slice(0, LOG_EXCERPT_LIMITS.lineChars)}…` : line;
    const size = Buffer.byteLength(cut, "utf8") + 1;
    if (bytes + size > LOG_EXCERPT_LIMITS.bytes) break;
    kept.push(cut);
    bytes += size;
  }
  return { lines: kept, firstErrorLine: errorAt < 0 ? null : errorAt - start };
}

/**
 * Making user-controlled text (repo, branch, workflow, job and runner names,
 * vendor failure reasons) inert on each platform, and fitting it into each
 * platform's length limits without breaking a character or an escape.
 */

/** Newlines, tabs and other control characters become spaces: names are one line. */
export const oneLine = (text: string) => text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ").trim();

/** Cut to at most `max` UTF-16 units, ending in `…`, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  let cut = text.slice(0, max - 1);
  // A lone high surrogate at the end is half a character: drop it.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * Escape `raw` and fit the result into `max` units: the raw text is cut before
 * escaping, so the cut can never leave half an escape (a lone `\` or `&am`).
 */
export function fitEscaped(raw: string, max: number, escape: (text: string) => string): string {
  const whole = escape(raw);
  if (whole.length <= max) return whole;
  const chars = Array.from(raw);
  // Escaping only grows text, so start from the most that could fit and shrink.
  let keep = Math.min(chars.length, max - 1);
  while (keep > 0) {
    const candidate = `${escape(chars.slice(0, keep).join(""))}…`;
    if (candidate.length <= max) return candidate;
    keep -= Math.max(1, Math.ceil((candidate.length - max) / 6));
  }
  return max > 0 ? "…" : "";
}

/** Slack mrkdwn: `&`, `<` and `>` are its only control characters (links, mentions, dates). */
export const escapeSlack = (text: string) =>
  text.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));

/**
 * Teams Adaptive Card Markdown (TextBlock, Fact title and value): backslash
 * before the characters that make emphasis or links, so `feature_x_y` stays
 * upright and `[x](…)` cannot plant a link. Some mobile clients show the
 * backslash; a visible `\` is the lesser harm than an injected link.
 */
export const escapeTeams = (text: string) => text.replace(/[\\*_~`[\]()<>#]/g, "\\$&");

/**
 * Discord Markdown: backslash before every formatting character (including
 * `<` of `<@id>` mentions and `|` of spoilers), and a zero-width space after
 * the `@` of `@everyone`/`@here`, so nothing renders as a ping even where
 * `allowed_mentions` would not apply.
 */
export const escapeDiscord = (text: string) =>
  text.replace(/[\\*_~`|>#[\]()<]/g, "\\$&").replace(/@(everyone|here)/g, "@\u200b$1");

/** HTML text and attribute values. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

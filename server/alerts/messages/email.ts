/**
 * Email notification: subject, plain text and HTML parts, ready for an SMTP
 * client. Everything user-controlled is HTML-escaped in the HTML part, and the
 * subject is forced onto one line (a newline in a header is header injection).
 * Inline styles only: mail clients drop `<style>` and external CSS.
 */
import type { AlertMessage } from "./message";
import { escapeHtml, oneLine, truncate } from "./text";

/** One email, before addressing. */
export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

const COLORS = { critical: "#d92d20", warning: "#f79009", info: "#2e90fa", resolved: "#12b76a" } as const;

/** Render one alert message as an email. */
export function emailMessage(m: AlertMessage): EmailMessage {
  const tag = m.state === "resolved" ? "resolved" : m.severity;
  const subject = truncate(oneLine(`[Runwatch] [${tag}] ${m.title}`), 200);
  const rows = [...m.where, ...m.facts, ...(m.sinceText ? [{ label: "Since", value: m.sinceText }] : [])];
  const text = [
    oneLine(m.title),
    "",
    oneLine(m.summary),
    "",
    ...rows.map((r) => `${oneLine(r.label)}: ${oneLine(r.value)}`),
    "",
    ...(m.logLines.length > 0 ? [...m.logLines.map((l) => `    ${l}`), ""] : []),
    ...m.links.map((l) => `${l.label}: ${l.url}`),
    "",
    `Rule: ${oneLine(m.ruleName)} · ${m.severity} · ${m.notice} · ${m.at}`,
  ].join("\n");
  const cell = "padding:4px 12px 4px 0;vertical-align:top;";
  const html = [
    `<div style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;font-size:14px;color:#101828;">`,
    `<div style="border-left:4px solid ${COLORS[tag]};padding-left:12px;">`,
    `<h2 style="margin:0 0 8px;font-size:18px;">${escapeHtml(oneLine(m.title))}</h2>`,
    `<p style="margin:0 0 12px;">${escapeHtml(oneLine(m.summary))}</p>`,
    `</div>`,
    `<table style="border-collapse:collapse;margin:8px 0 12px;">`,
    ...rows.map(
      (r) =>
        `<tr><th style="${cell}text-align:left;color:#475467;font-weight:600;">${escapeHtml(oneLine(r.label))}</th>` +
        `<td style="${cell}">${escapeHtml(oneLine(r.value))}</td></tr>`,
    ),
    `</table>`,
    ...(m.logLines.length > 0
      ? [
          `<pre style="margin:0 0 12px;padding:8px;background:#f2f4f7;font-size:12px;white-space:pre-wrap;">${escapeHtml(m.logLines.join("\n"))}</pre>`,
        ]
      : []),
    `<p style="margin:0 0 12px;">`,
    m.links
      .map((l) => `<a href="${escapeHtml(l.url)}" style="color:#1570ef;">${escapeHtml(l.label)}</a>`)
      .join(" &middot; "),
    `</p>`,
    `<p style="margin:0;color:#667085;font-size:12px;">Rule ${escapeHtml(oneLine(m.ruleName))} &middot; ${m.severity} &middot; ${m.notice} &middot; ${m.at}</p>`,
    `</div>`,
  ].join("\n");
  return { subject, text, html };
}

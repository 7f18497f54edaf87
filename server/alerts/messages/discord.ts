/**
 * Discord "Execute Webhook" body: one embed (title, description, url,
 * colour by severity, timestamp, fields, footer) with `allowed_mentions:
 * { parse: [] }`, so nothing in it can ping anyone. Discord's embed limits are
 * enforced here, never left to a 400: title ≤ 256, description ≤ 4096,
 * ≤ 25 fields with name ≤ 256 and value ≤ 1024, footer ≤ 2048, and ≤ 6000
 * characters across all of them. User text is Markdown-escaped.
 */
import type { AlertMessage } from "./message";
import { escapeDiscord, fitEscaped, oneLine } from "./text";

/** Discord's embed limits (characters, or fields). */
export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
} as const;

/** A Discord embed, as this formatter fills it. */
export interface DiscordEmbed {
  title: string;
  description: string;
  url?: string;
  color: number;
  timestamp: string;
  fields: { name: string; value: string; inline: boolean }[];
  footer: { text: string };
}

/** The JSON body POSTed to a Discord webhook URL. */
export interface DiscordPayload {
  username: string;
  embeds: [DiscordEmbed];
  allowed_mentions: { parse: [] };
}

/** Embed side-bar colours: red, orange, blue while firing; green once resolved. */
export const DISCORD_COLORS = {
  critical: 0xd92d20,
  warning: 0xf79009,
  info: 0x2e90fa,
  resolved: 0x12b76a,
} as const;

// In a masked link the URL ends at the first `)`; percent-encode brackets so it cannot end early.
const linkTarget = (url: string) =>
  url.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Render one alert message for Discord. */
export function discordMessage(m: AlertMessage): DiscordPayload {
  const L = DISCORD_LIMITS;
  const title = fitEscaped(oneLine(m.title), L.title, escapeDiscord);
  const footer = fitEscaped(
    `Runwatch · rule ${oneLine(m.ruleName)} · ${m.severity} · ${m.notice}`,
    200,
    escapeDiscord,
  );
  let links = m.links.map((l) => `[${escapeDiscord(l.label)}](${linkTarget(l.url)})`).join(" · ");
  if (links.length > 1500) links = ""; // Absurdly long URLs: the title still links the dashboard.
  const rows = [...m.where, ...m.facts].slice(0, m.sinceText ? L.fields - 1 : L.fields);
  if (m.sinceText) rows.push({ label: "Since", value: m.sinceText });
  // Share the 6000-character budget: fixed parts first, then the fields, at least 500 left for the summary.
  const fixed = title.length + footer.length + links.length + 2;
  const perField = Math.floor((L.total - fixed - 500) / Math.max(1, rows.length));
  const fields = rows.map((f) => {
    const name = fitEscaped(oneLine(f.label), Math.min(64, perField), escapeDiscord) || "—";
    const value = fitEscaped(oneLine(f.value), Math.min(L.fieldValue, perField - name.length), escapeDiscord);
    return { name, value: value || "—", inline: f.label !== "Since" };
  });
  const used = fixed + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const summary = fitEscaped(
    oneLine(m.summary),
    Math.min(L.description - links.length - 2, L.total - used),
    escapeDiscord,
  );
  return {
    username: "Runwatch",
    embeds: [
      {
        title,
        description: links ? `${summary}\n\n${links}` : summary,
        ...(m.url ? { url: m.url } : {}),
        color: m.state === "resolved" ? DISCORD_COLORS.resolved : DISCORD_COLORS[m.severity],
        timestamp: m.at,
        fields,
        footer: { text: footer },
      },
    ],
    allowed_mentions: { parse: [] },
  };
}

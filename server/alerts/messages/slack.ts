/**
 * Slack incoming webhook body: Block Kit blocks plus a plain `text` fallback
 * (what notifications and screen readers show). Block limits respected:
 * header 150 characters (plain_text), section text 3000, at most 10 fields per
 * section of 2000 each, context 10 elements, button text 75 and URL 3000.
 * User text in mrkdwn is escaped (`&`, `<`, `>`), so a branch called
 * `<!channel>` is shown, not announced.
 */
import type { AlertMessage } from "./message";
import { escapeSlack, fitEscaped, oneLine, truncate } from "./text";

/** A Block Kit text object. */
export interface SlackText {
  type: "plain_text" | "mrkdwn";
  text: string;
  emoji?: boolean;
}

/** The Block Kit blocks this formatter emits. */
export type SlackBlock =
  | { type: "header"; text: SlackText }
  | { type: "section"; text?: SlackText; fields?: SlackText[] }
  | { type: "context"; elements: SlackText[] }
  | {
      type: "actions";
      elements: { type: "button"; action_id: string; text: SlackText; url: string; style?: "primary" }[];
    };

/** The JSON body POSTed to a Slack incoming webhook URL. */
export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

/** A status mark by state and severity: the header is plain text, so colour comes from emoji. */
export function statusEmoji(m: Pick<AlertMessage, "state" | "severity">): string {
  if (m.state === "resolved") return ":white_check_mark:";
  return m.severity === "critical"
    ? ":red_circle:"
    : m.severity === "warning"
      ? ":large_orange_circle:"
      : ":large_blue_circle:";
}

const mrkdwn = (text: string): SlackText => ({ type: "mrkdwn", text });
const field = (label: string, value: string) =>
  mrkdwn(
    `*${fitEscaped(oneLine(label), 100, escapeSlack)}*\n${fitEscaped(oneLine(value), 1800, escapeSlack)}`,
  );

/** Slack's date token: each reader sees the time in their own zone; the fallback is for old clients. */
const slackDate = (iso: string, fallback: string) =>
  `<!date^${Math.floor(Date.parse(iso) / 1000)}^{date_short_pretty} {time}|${escapeSlack(fallback)}>`;

/** Render one alert message for Slack. */
export function slackMessage(m: AlertMessage): SlackPayload {
  const blocks: SlackBlock[] = [
    {
      type: "header",
      text: { type: "plain_text", text: truncate(`${statusEmoji(m)} ${oneLine(m.title)}`, 150), emoji: true },
    },
    { type: "section", text: mrkdwn(fitEscaped(oneLine(m.summary), 3000, escapeSlack)) },
  ];
  const where = m.where.map((f) => field(f.label, f.value)).slice(0, 10);
  if (where.length > 0) blocks.push({ type: "section", fields: where });
  const facts = m.facts.map((f) => field(f.label, f.value)).slice(0, 10);
  if (facts.length > 0) blocks.push({ type: "section", fields: facts });
  if (m.logLines.length > 0) {
    // A code block: backticks inside would end it early.
    const code = escapeSlack(m.logLines.join("\n").replace(/`/g, "'"));
    blocks.push({ type: "section", text: mrkdwn(`\`\`\`${truncate(code, 2900)}\`\`\``) });
  }
  const context = [
    mrkdwn(`Rule *${fitEscaped(oneLine(m.ruleName), 200, escapeSlack)}* · ${m.severity} · ${m.notice}`),
  ];
  if (m.since && m.sinceText) context.push(mrkdwn(`Since ${slackDate(m.since, m.sinceText)}`));
  blocks.push({ type: "context", elements: context });
  const links = m.links.filter((l) => l.url.length <= 3000);
  if (links.length > 0) {
    blocks.push({
      type: "actions",
      elements: links.map((l, i) => ({
        type: "button",
        action_id: `runwatch-link-${i}`,
        text: { type: "plain_text", text: truncate(l.label, 75) },
        url: l.url,
        ...(i === 0 && m.state === "firing" ? { style: "primary" as const } : {}),
      })),
    });
  }
  const fallback = `${oneLine(m.title)}: ${oneLine(m.summary)}`;
  return { text: fitEscaped(fallback, 3000, escapeSlack), blocks, unfurl_links: false, unfurl_media: false };
}

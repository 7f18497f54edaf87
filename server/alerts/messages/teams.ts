/**
 * Microsoft Teams incoming webhook body (a Workflows "When a Teams webhook
 * request is received" flow, or a legacy connector): a `message` activity
 * carrying one Adaptive Card 1.4 attachment. Workflows accept Adaptive Cards
 * only, not the old MessageCard format. TextBlock text and Fact titles/values
 * are Markdown in Teams, so user text is escaped (see `escapeTeams`).
 */
import type { AlertMessage } from "./message";
import { escapeTeams, fitEscaped, oneLine, truncate } from "./text";

/** The Adaptive Card elements this formatter emits. */
export type AdaptiveElement =
  | {
      type: "TextBlock";
      text: string;
      wrap: true;
      size?: "Small" | "Medium" | "Large";
      weight?: "Bolder";
      color?: "Attention" | "Warning" | "Good" | "Accent";
      isSubtle?: boolean;
      spacing?: "None" | "Small";
    }
  | { type: "FactSet"; facts: { title: string; value: string }[] };

/** An Adaptive Card, version 1.4 (rendered by every current Teams client). */
export interface AdaptiveCard {
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json";
  type: "AdaptiveCard";
  version: "1.4";
  body: AdaptiveElement[];
  actions: { type: "Action.OpenUrl"; title: string; url: string }[];
  msteams: { width: "Full" };
}

/** The JSON body POSTed to a Teams incoming webhook URL. */
export interface TeamsPayload {
  type: "message";
  attachments: [
    { contentType: "application/vnd.microsoft.card.adaptive"; contentUrl: null; content: AdaptiveCard },
  ];
}

// Teams sets no hard per-field limits below the 28 KB card; these keep a card readable.
const TITLE_MAX = 200;
const TEXT_MAX = 2000;
const FACT_MAX = 500;

const colorOf = (m: AlertMessage) =>
  m.state === "resolved"
    ? "Good"
    : m.severity === "critical"
      ? "Attention"
      : m.severity === "warning"
        ? "Warning"
        : "Accent";

/** Render one alert message for Teams. */
export function teamsMessage(m: AlertMessage): TeamsPayload {
  const facts = [...m.where, ...m.facts].map((f) => ({
    title: fitEscaped(oneLine(f.label), 100, escapeTeams),
    value: fitEscaped(oneLine(f.value), FACT_MAX, escapeTeams),
  }));
  if (m.sinceText) facts.push({ title: "Since", value: escapeTeams(m.sinceText) });
  const body: AdaptiveElement[] = [
    {
      type: "TextBlock",
      text: fitEscaped(oneLine(m.title), TITLE_MAX, escapeTeams),
      wrap: true,
      size: "Large",
      weight: "Bolder",
      color: colorOf(m),
    },
    { type: "TextBlock", text: fitEscaped(oneLine(m.summary), TEXT_MAX, escapeTeams), wrap: true },
  ];
  if (facts.length > 0) body.push({ type: "FactSet", facts });
  body.push({
    type: "TextBlock",
    text: `Rule ${fitEscaped(oneLine(m.ruleName), 200, escapeTeams)} · ${m.severity} · ${m.notice}`,
    wrap: true,
    size: "Small",
    isSubtle: true,
    spacing: "Small",
  });
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body,
          actions: m.links.map((l) => ({
            type: "Action.OpenUrl",
            title: truncate(l.label, 100),
            url: l.url,
          })),
          msteams: { width: "Full" },
        },
      },
    ],
  };
}

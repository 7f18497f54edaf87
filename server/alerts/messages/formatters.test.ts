import { describe, expect, it } from "vitest";
import type { Alert } from "../../../lib/alerts";
import { HOSTILE, JOB_RULE, NOW, QUEUE_ALERT, failedJob } from "../alerts.test-fixtures";
import { jobContent, nextAlert } from "../draft";
import { evaluateJobState } from "../job-state";
import { DISCORD_COLORS, DISCORD_LIMITS, discordMessage } from "./discord";
import { emailMessage } from "./email";
import { messageOf, type AlertMessage } from "./message";
import { slackMessage, type SlackText } from "./slack";
import { teamsMessage } from "./teams";

/** A broke alert about a job whose names are hostile. */
function hostileAlert(): Alert {
  const job = failedJob({ repo: HOSTILE.repo, branch: HOSTILE.branch, name: HOSTILE.name });
  const content = jobContent(
    job,
    "broke",
    undefined,
    evaluateJobState(undefined, job, NOW).state,
    "https://runwatch.example",
  );
  return { ...nextAlert(JOB_RULE, "s", null, "firing", "broke", content, NOW), id: "alert-1" };
}

/** A message blown up past every platform limit. */
function hugeMessage(): AlertMessage {
  const m = messageOf(QUEUE_ALERT, "firing", NOW);
  const long = "x".repeat(5000);
  return {
    ...m,
    title: `<@1>${long}`,
    summary: `@everyone ${"*".repeat(9000)}`,
    ruleName: long,
    where: Array.from({ length: 20 }, (_, i) => ({ label: `${long}${i}`, value: long })),
    facts: Array.from({ length: 20 }, (_, i) => ({ label: `f${i}`, value: long })),
  };
}

describe("slackMessage", () => {
  const payload = slackMessage(messageOf(hostileAlert(), "firing", NOW));
  const mrkdwn = JSON.stringify(payload.blocks.filter((b) => b.type !== "header")) + payload.text;

  it("is Block Kit: header, summary, where, facts, context, link buttons", () => {
    expect(payload.blocks.map((b) => b.type)).toEqual([
      "header",
      "section",
      "section",
      "section",
      "context",
      "actions",
    ]);
    expect(payload.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: expect.stringMatching(/^:red_circle: Broke: /), emoji: true },
    });
    expect(payload.blocks.at(-1)).toMatchObject({
      type: "actions",
      elements: [
        { type: "button", url: "https://github.com/acme/api/actions/runs/42/job/123", style: "primary" },
        {
          type: "button",
          text: { type: "plain_text", text: "Open in Runwatch" },
          url: expect.stringContaining("/jobs/"),
        },
      ],
    });
    expect(payload).toMatchObject({ unfurl_links: false, unfurl_media: false });
    expect(payload.text).toMatch(/^Broke: /);
  });

  it("escapes user text in mrkdwn so it cannot mention or link", () => {
    expect(mrkdwn).not.toContain("<!channel>");
    expect(mrkdwn).not.toContain("<@123>");
    expect(mrkdwn).not.toContain("<script>");
    expect(mrkdwn).toContain("acme/&lt;!channel&gt;&amp;co");
    // The only raw control sequence is Slack's own date token.
    expect(mrkdwn.match(/<[^ ]/g)).toEqual(["<!"]);
    expect(mrkdwn).toContain("<!date^");
  });

  it("keeps every block within Slack's limits", () => {
    const big = slackMessage(hugeMessage());
    const header = big.blocks[0] as { text: SlackText };
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    for (const block of big.blocks) {
      if (block.type === "section") {
        expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
        expect(block.fields?.length ?? 0).toBeLessThanOrEqual(10);
        for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
      }
    }
    expect(big.text.length).toBeLessThanOrEqual(3000);
  });

  it("marks resolution green", () => {
    const resolved = slackMessage(messageOf({ ...QUEUE_ALERT, state: "resolved" }, "resolved", NOW));
    expect((resolved.blocks[0] as { text: SlackText }).text.text).toMatch(/^:white_check_mark: Resolved: /);
  });
});

describe("teamsMessage", () => {
  const payload = teamsMessage(messageOf(hostileAlert(), "firing", NOW));
  const card = payload.attachments[0].content;

  it("is a message with one Adaptive Card attachment", () => {
    expect(payload.type).toBe("message");
    expect(payload.attachments).toHaveLength(1);
    expect(payload.attachments[0].contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.4", msteams: { width: "Full" } });
    expect(card.body.map((e) => e.type)).toEqual(["TextBlock", "TextBlock", "FactSet", "TextBlock"]);
    expect(card.body[0]).toMatchObject({ weight: "Bolder", color: "Attention", wrap: true });
    expect(card.actions).toEqual([
      {
        type: "Action.OpenUrl",
        title: "Open in GitHub",
        url: "https://github.com/acme/api/actions/runs/42/job/123",
      },
      {
        type: "Action.OpenUrl",
        title: "Open in Runwatch",
        url: "https://runwatch.example/jobs/github%3A123",
      },
    ]);
  });

  it("escapes Markdown so names cannot plant links or emphasis", () => {
    const facts = card.body.find((e) => e.type === "FactSet");
    const branch = facts?.type === "FactSet" ? facts.facts.find((f) => f.title === "Branch") : undefined;
    expect(branch?.value).toBe("@everyone \\<@123\\> \\[click\\]\\(https://evil.example\\) \\*x\\*");
    expect(JSON.stringify(card.body)).not.toContain("[click](");
  });
});

describe("discordMessage", () => {
  const payload = discordMessage(messageOf(hostileAlert(), "firing", NOW));
  const embed = payload.embeds[0];

  it("is one embed that can ping no one", () => {
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    expect(embed).toMatchObject({
      url: "https://runwatch.example/jobs/github%3A123",
      color: DISCORD_COLORS.critical,
      timestamp: new Date(NOW).toISOString(),
    });
    expect(embed.description).toContain(
      "[Open in GitHub](https://github.com/acme/api/actions/runs/42/job/123)",
    );
    const branch = embed.fields.find((f) => f.name === "Branch");
    expect(branch?.value).toBe("@\u200beveryone \\<@123\\> \\[click\\]\\(https://evil.example\\) \\*x\\*");
    expect(JSON.stringify(embed)).not.toMatch(/(?<!\\)<@/);
  });

  it("keeps every part within Discord's limits", () => {
    const big = discordMessage(hugeMessage()).embeds[0];
    expect(big.title.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(big.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(big.fields.length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const f of big.fields) {
      expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
      expect(f.value.length).toBeGreaterThan(0);
    }
    const total =
      big.title.length +
      big.description.length +
      big.footer.text.length +
      big.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    expect(big.description).toContain("@\u200beveryone");
  });

  it("turns green on resolution", () => {
    expect(
      discordMessage(messageOf({ ...QUEUE_ALERT, state: "resolved" }, "resolved", NOW)).embeds[0].color,
    ).toBe(DISCORD_COLORS.resolved);
  });
});

describe("emailMessage", () => {
  const email = emailMessage(messageOf(hostileAlert(), "firing", NOW));

  it("has a one-line subject, a text part and an HTML part", () => {
    expect(email.subject).toMatch(/^\[Runwatch\] \[critical\] Broke: /);
    expect(email.text).toContain("Open in GitHub: https://github.com/acme/api/actions/runs/42/job/123");
    expect(email.text).toContain(`Branch: ${HOSTILE.branch}`);
    expect(email.html).toContain('<a href="https://runwatch.example/jobs/github%3A123"');
  });

  it("HTML-escapes everything user-controlled", () => {
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<!channel>");
    expect(email.html).toContain("test_&#60;script&#62;alert(1)&#60;/script&#62;");
  });

  it("cannot be made to inject a header", () => {
    const m = messageOf({ ...QUEUE_ALERT, where: { repo: "a\r\nBcc: evil@example.com" } }, "firing", NOW);
    const subject = emailMessage({ ...m, title: "x\r\nBcc: evil@example.com" }).subject;
    expect(subject).not.toMatch(/[\r\n]/);
    expect(emailMessage(m).text).not.toContain("\r\nBcc");
  });
});

import { describe, expect, it } from "vitest";
import { JOB_RULE, NOW, failedJob } from "../alerts.test-fixtures";
import { jobContent, nextAlert } from "../draft";
import { evaluateJobState } from "../job-state";
import { emailMessage } from "./email";
import { messageLogLines } from "./log-lines";
import { messageOf } from "./message";
import { slackMessage } from "./slack";
import { teamsMessage } from "./teams";

const job = failedJob({});
const alert = {
  ...nextAlert(
    JOB_RULE,
    "s",
    null,
    "firing",
    "broke",
    jobContent(
      job,
      "broke",
      undefined,
      evaluateJobState(undefined, job, NOW).state,
      "https://runwatch.example",
    ),
    NOW,
  ),
  id: "alert-1",
};
const LINES = ["FAIL src/b.test.ts > adds", "AssertionError: expected <3> to be `4`", "Tests  1 failed"];

describe("messageLogLines", () => {
  it("takes at most five lines from the first error, one line each", () => {
    const lines = ["a", "b", "Error: x\ty", "c", "d", "e", "f", "g"];
    expect(messageLogLines({ lines, firstErrorLine: 2 })).toEqual(["Error: x y", "c", "d", "e", "f"]);
  });

  it("takes the last five lines when no line reads as an error", () => {
    expect(messageLogLines({ lines: ["1", "2", "3", "4", "5", "6"], firstErrorLine: null })).toEqual([
      "2",
      "3",
      "4",
      "5",
      "6",
    ]);
  });
});

describe("alert messages with log lines", () => {
  const message = messageOf(alert, "firing", NOW, LINES);

  it("adds the first error as a fact every platform shows", () => {
    expect(message.facts.at(-1)).toEqual({ label: "First error", value: "FAIL src/b.test.ts > adds" });
    expect(JSON.stringify(teamsMessage(message))).toContain("FAIL src/b.test.ts \\\\> adds");
  });

  it("shows the lines as a Slack code block, escaped, with no backtick to end it early", () => {
    const blocks = slackMessage(message).blocks;
    expect(blocks).toContainEqual({
      type: "section",
      text: {
        type: "mrkdwn",
        text: "```FAIL src/b.test.ts &gt; adds\nAssertionError: expected &lt;3&gt; to be '4'\nTests  1 failed```",
      },
    });
  });

  it("shows the lines in the email, as text and as escaped preformatted HTML", () => {
    const email = emailMessage(message);
    expect(email.text).toContain(
      "    FAIL src/b.test.ts > adds\n    AssertionError: expected <3> to be `4`\n",
    );
    expect(email.html).toContain(
      "FAIL src/b.test.ts &#62; adds\nAssertionError: expected &#60;3&#62; to be `4`\nTests  1 failed</pre>",
    );
  });

  it("carries nothing without lines", () => {
    const plain = messageOf(alert, "firing", NOW);
    expect(plain.logLines).toEqual([]);
    expect(plain.facts.some((f) => f.label === "First error")).toBe(false);
    expect(
      slackMessage(plain).blocks.some((b) => b.type === "section" && b.text?.text.startsWith("```")),
    ).toBe(false);
  });
});

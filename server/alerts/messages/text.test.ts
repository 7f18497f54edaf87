import { describe, expect, it } from "vitest";
import { dashboardPath, dashboardUrl, formatDuration, formatPercent, jobPath, safeHttpUrl } from "../format";
import { escapeDiscord, escapeHtml, escapeSlack, escapeTeams, fitEscaped, oneLine, truncate } from "./text";

describe("escaping", () => {
  it.each<[string, (t: string) => string, string, string]>([
    ["slack", escapeSlack, "a & <!channel> > b", "a &amp; &lt;!channel&gt; &gt; b"],
    ["slack leaves emphasis alone", escapeSlack, "*bold* _it_", "*bold* _it_"],
    [
      "teams",
      escapeTeams,
      "feature_x_y [click](http://evil) **b**",
      "feature\\_x\\_y \\[click\\]\\(http://evil\\) \\*\\*b\\*\\*",
    ],
    [
      "discord mentions",
      escapeDiscord,
      "@everyone @here <@123> <#9>",
      "@\u200beveryone @\u200bhere \\<@123\\> \\<\\#9\\>",
    ],
    [
      "discord markdown",
      escapeDiscord,
      "||spoiler|| `code` ~~s~~ \\",
      "\\|\\|spoiler\\|\\| \\`code\\` \\~\\~s\\~\\~ \\\\",
    ],
    [
      "html",
      escapeHtml,
      `<img src=x onerror="a('b')">&`,
      "&#60;img src=x onerror=&#34;a(&#39;b&#39;)&#34;&#62;&#38;",
    ],
  ])("%s", (_name, escape, input, expected) => {
    expect(escape(input)).toBe(expected);
  });

  it("puts names on one line", () => {
    expect(oneLine(" a\r\nb\tc\u2028d ")).toBe("a b c d");
  });
});

describe("truncate and fitEscaped", () => {
  it("cuts with an ellipsis, never inside a surrogate pair", () => {
    expect(truncate("abcdef", 6)).toBe("abcdef");
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("ab😀cd", 4)).toBe("ab…");
    expect(truncate("abc", 0)).toBe("");
  });

  it("never leaves half an escape at the cut", () => {
    const raw = "&&&&&&&&&&";
    const fitted = fitEscaped(raw, 12, escapeSlack);
    expect(fitted).toBe("&amp;&amp;…");
    expect(fitted.length).toBeLessThanOrEqual(12);
    const discord = fitEscaped("a_b_c_d_e_f", 8, escapeDiscord);
    expect(discord).toBe("a\\_b\\_c…");
    expect(fitEscaped("short", 10, escapeDiscord)).toBe("short");
  });

  it("fits any input into the limit", () => {
    for (const max of [1, 2, 5, 17, 100]) {
      const out = fitEscaped("<@&>".repeat(50) + "😀".repeat(20), max, escapeSlack);
      expect(out.length).toBeLessThanOrEqual(max);
    }
  });
});

describe("format", () => {
  it.each([
    [0, "0s"],
    [999, "0s"],
    [1000, "1s"],
    [45_000, "45s"],
    [65_000, "1m 5s"],
    [3_600_000, "1h"],
    [3_605_000, "1h"],
    [3_900_000, "1h 5m"],
    [90_000_000, "1d 1h"],
    [-5, "0s"],
  ])("duration %i → %s", (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it("formats percentages and paths", () => {
    expect(formatPercent(0.625)).toBe("62.5%");
    expect(formatPercent(1)).toBe("100%");
    expect(dashboardPath("/insights", { repo: "a/b", workflow: null, branch: "" })).toBe(
      "/insights?repo=a%2Fb",
    );
    expect(jobPath("github:1/2")).toBe("/jobs/github%3A1%2F2");
    expect(dashboardUrl("https://ci.example/runwatch/", "/queue")).toBe("https://ci.example/runwatch/queue");
    expect(dashboardUrl(null, "/queue")).toBe("/queue");
  });

  it.each([
    ["https://github.com/a/b", "https://github.com/a/b"],
    ["http://jenkins:8080/job/1", "http://jenkins:8080/job/1"],
    ["javascript:alert(1)", null],
    ["data:text/html,x", null],
    ["/jobs/1", null],
    [null, null],
  ])("safeHttpUrl(%j) → %j", (url, expected) => {
    expect(safeHttpUrl(url)).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import { durationMs, windowSchema } from "./metrics";

describe("durationMs", () => {
  it.each([
    ["90m", 5_400_000],
    ["24h", 86_400_000],
    ["30d", 2_592_000_000],
    ["0h", null],
    ["1.5h", null],
    ["1w", null],
    ["1234567m", null],
    [" 1h", null],
  ])("%j → %s", (text, expected) => {
    expect(durationMs(text)).toBe(expected);
  });
});

describe("windowSchema", () => {
  it("takes windows from 1 h to 90 d", () => {
    for (const text of ["60m", "1h", "7d", "90d", "2160h"])
      expect(windowSchema.safeParse(text).success).toBe(true);
  });

  it.each([
    ["59m", "must be between 1h and 90d"],
    ["91d", "must be between 1h and 90d"],
    ["a week", "must be a duration such as 1h, 24h, 7d or 30d"],
  ])("refuses %j: %s", (text, message) => {
    expect(windowSchema.safeParse(text).error?.issues.map((i) => i.message)).toContain(message);
  });
});

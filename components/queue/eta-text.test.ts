import { describe, expect, it } from "vitest";
import { etaText } from "./eta-text";

const NOW = Date.parse("2026-03-02T10:00:00Z");
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

describe("etaText", () => {
  it("says the best guess and the range in minutes", () => {
    expect(etaText({ startAt: at(4), low: at(2), high: at(7), basis: "" }, NOW)).toBe(
      "starts in ~4 min (2–7 min)",
    );
  });
  it("drops a range that rounds to one value, and says <1 min near the start", () => {
    expect(etaText({ startAt: at(0.2), low: at(0.1), high: at(0.4), basis: "" }, NOW)).toBe(
      "starts in <1 min",
    );
    expect(etaText({ startAt: at(-3), low: at(-5), high: at(-1), basis: "" }, NOW)).toBe("starts in <1 min");
  });
  it("says not enough data for a pool without history, nothing before an ETA is known", () => {
    expect(etaText(null, NOW)).toBe("not enough data");
    expect(etaText(undefined, NOW)).toBeNull();
  });
});

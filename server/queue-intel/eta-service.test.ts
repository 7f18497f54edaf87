import { describe, expect, it } from "vitest";
import { movedEnough } from "./eta-service";

const T = Date.parse("2026-03-02T10:00:00Z");
const eta = (minutes: number, basis = "position 1 of 2, 1 runner") => {
  const at = new Date(T + minutes * 60_000).toISOString();
  return { startAt: at, low: at, high: at, basis };
};

describe("movedEnough", () => {
  it("announces history coming or going", () => {
    expect(movedEnough(null, eta(5), T)).toBe(true);
    expect(movedEnough(eta(5), null, T)).toBe(true);
    expect(movedEnough(null, null, T)).toBe(false);
  });
  it("announces a start moved by over 30 s and 10% of the time left, nothing less", () => {
    // About 11 min away: 10% is about 66 s.
    expect(movedEnough(eta(10), eta(10.9), T)).toBe(false);
    expect(movedEnough(eta(10), eta(11.2), T)).toBe(true);
    // Due now: 30 s is the bar.
    expect(movedEnough(eta(0), eta(0.4), T)).toBe(false);
    expect(movedEnough(eta(0), eta(0.6), T)).toBe(true);
  });
  it("does not announce a position shift alone", () => {
    expect(movedEnough(eta(5, "position 3 of 5, 2 runners"), eta(5, "position 2 of 4, 2 runners"), T)).toBe(
      false,
    );
  });
});

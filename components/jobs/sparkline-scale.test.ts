import { describe, expect, it } from "vitest";
import { sparkPath, sparkPoints } from "./sparkline-scale";

describe("sparkPoints", () => {
  it("spreads values across the width and puts the largest at the top, the smallest at the bottom", () => {
    expect(sparkPoints([60_000, 120_000, 90_000], 104, 24, 2)).toEqual([
      { x: 2, y: 22, index: 0 },
      { x: 52, y: 2, index: 1 },
      { x: 102, y: 12, index: 2 },
    ]);
  });

  it("keeps equal values on the middle line and a lone value in the middle", () => {
    expect(sparkPoints([5, 5], 100, 20, 0)).toEqual([
      { x: 0, y: 10, index: 0 },
      { x: 100, y: 10, index: 1 },
    ]);
    expect(sparkPoints([7], 100, 20)).toEqual([{ x: 50, y: 10, index: 0 }]);
  });

  it("skips unknown values but keeps the others in their places", () => {
    expect(sparkPoints([10, null, 0, 30], 32, 32, 1)).toEqual([
      { x: 1, y: 21, index: 0 },
      { x: 21, y: 31, index: 2 },
      { x: 31, y: 1, index: 3 },
    ]);
    expect(sparkPoints([null, null], 10, 10)).toEqual([]);
  });
});

describe("sparkPath", () => {
  it("draws one line through the points", () => {
    expect(sparkPath(sparkPoints([1, 3, 2], 20, 10, 0))).toBe("M0 10 L10 0 L20 5");
    expect(sparkPath([])).toBe("");
  });
});

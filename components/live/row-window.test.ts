import { describe, expect, it } from "vitest";
import { rowWindow } from "./row-window";

const base = { scrollY: 0, viewportHeight: 800, listTop: 300, rowHeight: 50, count: 5000, overscan: 4 };

describe("rowWindow", () => {
  it("renders the rows in view plus overscan when the list starts on screen", () => {
    // Rows 0..10 reach y = 300 + 10 * 50 = 800: ceil(500 / 50) = 10, plus 4 of overscan.
    expect(rowWindow(base)).toEqual({ start: 0, end: 14, padTop: 0, padBottom: (5000 - 14) * 50 });
  });

  it("follows the page scroll deep into a long list", () => {
    // 100 000 px scrolled: the viewport shows from (100000 - 300) / 50 = 1994 to (100800 - 300) / 50 = 2010.
    expect(rowWindow({ ...base, scrollY: 100_000 })).toEqual({
      start: 1990,
      end: 2014,
      padTop: 1990 * 50,
      padBottom: (5000 - 2014) * 50,
    });
  });

  it("clamps at the end of the list", () => {
    const window = rowWindow({ ...base, scrollY: 300 + 4990 * 50 });
    expect(window).toEqual({ start: 4986, end: 5000, padTop: 4986 * 50, padBottom: 0 });
  });

  it("renders no row of a list wholly below or above the viewport", () => {
    expect(rowWindow({ ...base, listTop: 2000 })).toEqual({
      start: 0,
      end: 0,
      padTop: 0,
      padBottom: 5000 * 50,
    });
    expect(rowWindow({ ...base, count: 10, scrollY: 5000 })).toEqual({
      start: 10,
      end: 10,
      padTop: 500,
      padBottom: 0,
    });
  });

  it("renders every row before the height is known, and nothing of an empty list", () => {
    expect(rowWindow({ ...base, rowHeight: 0, count: 3 })).toEqual({
      start: 0,
      end: 3,
      padTop: 0,
      padBottom: 0,
    });
    expect(rowWindow({ ...base, count: 0 })).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });

  it("keeps the rendered rows plus the padding equal to the whole list", () => {
    for (const scrollY of [0, 123, 4567, 99_999, 250_000]) {
      const w = rowWindow({ ...base, scrollY });
      expect(w.padTop + (w.end - w.start) * 50 + w.padBottom).toBe(5000 * 50);
    }
  });
});

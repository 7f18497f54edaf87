import { describe, expect, it } from "vitest";
import { Random, seedFrom } from "./random";

describe("seedFrom", () => {
  it("is FNV-1a over the seed's text (reference values)", () => {
    expect(seedFrom("")).toBe(0x811c9dc5);
    expect(seedFrom("a")).toBe(0xe40c292c);
    expect(seedFrom("foobar")).toBe(0xbf9cf968);
    expect(seedFrom(7)).toBe(seedFrom("7"));
  });
});

describe("Random", () => {
  it("replays the same sequence from the same seed, and another from another", () => {
    const draw = (seed: number) => {
      const rng = new Random(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(43)).not.toEqual(draw(42));
  });

  it("keeps every draw within its bounds", () => {
    const rng = new Random(1);
    const ints = Array.from({ length: 2000 }, () => rng.int(-2, 2));
    expect(new Set(ints)).toEqual(new Set([-2, -1, 0, 1, 2]));
    const floats = Array.from({ length: 2000 }, () => rng.between(5, 6));
    expect(floats.filter((x) => x < 5 || x >= 6)).toEqual([]);
    expect(rng.hex(40)).toMatch(/^[0-9a-f]{40}$/);
    expect(rng.text(12, "ab")).toMatch(/^[ab]{12}$/);
    expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(rng.bytes(3)).toHaveLength(3);
  });

  it("picks by weight: a zero weight is never picked", () => {
    const rng = new Random(9);
    const keys = Array.from({ length: 500 }, () => rng.weightedKey({ never: 0, always: 1 }));
    expect(new Set(keys)).toEqual(new Set(["always"]));
  });

  it("refuses to pick from an empty list", () => {
    expect(() => new Random(1).pick([])).toThrow("pick() needs a non-empty list");
  });
});

import { describe, expect, it } from "vitest";
import { createRecentChanges } from "./recent-changes";

describe("createRecentChanges", () => {
  it("keeps the last change per key, in arrival order", () => {
    let now = 1000;
    const recent = createRecentChanges<string>({ ttlMs: 100, max: 10, now: () => now });
    recent.remember("a", "a1");
    recent.remember("b", "b1");
    now = 1010;
    recent.remember("a", "a2");
    expect(recent.list()).toEqual(["b1", "a2"]);
    expect(recent.size).toBe(2);
  });

  it("lists only the changes within ttlMs", () => {
    let now = 0;
    const recent = createRecentChanges<string>({ ttlMs: 100, max: 10, now: () => now });
    recent.remember("a", "old");
    now = 60;
    recent.remember("b", "new");
    now = 101;
    expect(recent.list()).toEqual(["new"]);
    now = 160;
    expect(recent.list()).toEqual(["new"]);
    now = 161;
    expect(recent.list()).toEqual([]);
  });

  it("drops the oldest beyond max, and expired ones as new changes arrive", () => {
    let now = 0;
    const recent = createRecentChanges<number>({ ttlMs: 50, max: 2, now: () => now });
    recent.remember("1", 1);
    recent.remember("2", 2);
    recent.remember("3", 3);
    expect(recent.list()).toEqual([2, 3]);
    now = 100;
    recent.remember("4", 4);
    expect(recent.size).toBe(1);
    expect(recent.list()).toEqual([4]);
  });

  it("with infinite ttl and max, keeps every key until cleared", () => {
    let now = 0;
    const recent = createRecentChanges<string>({
      ttlMs: Number.POSITIVE_INFINITY,
      max: Number.POSITIVE_INFINITY,
      now: () => now,
    });
    recent.remember("github", "g");
    now = 1e12;
    recent.remember("gitlab", "l");
    expect(recent.list()).toEqual(["g", "l"]);
    recent.clear();
    expect(recent.list()).toEqual([]);
    expect(recent.size).toBe(0);
  });
});

/** The batch-closing policy, driven by a manual clock (ms). */
import { describe, expect, it } from "vitest";
import { createBatchPolicy } from "./batch-policy";

const knobs = { maxItems: 8, maxWaitMs: 2 };

describe("batch policy", () => {
  it("writes a lone item at once when idle", () => {
    const policy = createBatchPolicy(knobs);
    expect(policy.delay(1, 1000, 1000)).toBe(0);
    expect(policy.take(1)).toBe(1);
  });

  it("has nothing to close with nothing queued", () => {
    expect(createBatchPolicy(knobs).delay(0, 0, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it("under load, waits for as many items as the last batch, at most maxWaitMs after the oldest", () => {
    const policy = createBatchPolicy(knobs);
    policy.wrote(5);
    // Two of the expected five are here; the oldest came at t=1000.
    expect(policy.delay(2, 1000, 1000)).toBe(2);
    expect(policy.delay(3, 1000, 1001)).toBe(1);
    // The fifth arrives: close now.
    expect(policy.delay(5, 1000, 1001.5)).toBe(0);
    // Never later than maxWaitMs after the oldest, however few came.
    expect(policy.delay(2, 1000, 1002)).toBe(0);
    expect(policy.delay(2, 1000, 1010)).toBe(0);
  });

  it("closes a full batch at once and takes at most maxItems", () => {
    const policy = createBatchPolicy(knobs);
    policy.wrote(100);
    expect(policy.delay(7, 1000, 1000)).toBe(2);
    expect(policy.delay(8, 1000, 1000)).toBe(0);
    expect(policy.take(30)).toBe(8);
    expect(policy.take(3)).toBe(3);
  });

  it("adapts down when the load falls: a smaller batch lowers what the next one waits for", () => {
    const policy = createBatchPolicy(knobs);
    policy.wrote(6);
    expect(policy.delay(3, 1000, 1000)).toBe(2);
    policy.wrote(3);
    expect(policy.delay(3, 2000, 2000)).toBe(0);
    policy.wrote(1);
    expect(policy.delay(1, 3000, 3000)).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFrameBatch } from "./live-batch";

describe("createFrameBatch", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance", "Date"] });
    // Node has no animation frames; a frame here is a 16 ms timer (faked above).
    vi.stubGlobal("requestAnimationFrame", (run: () => void) => setTimeout(run, 16));
    vi.stubGlobal("cancelAnimationFrame", (id: ReturnType<typeof setTimeout>) => clearTimeout(id));
    // A page has been open a while: the first batch need not wait out an interval.
    vi.advanceTimersByTime(1000);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("flushes on the next frame, the last item per key, in arrival order", () => {
    const flushed: string[][] = [];
    const batch = createFrameBatch<string>((items) => flushed.push(items));
    batch.push("x", "x1");
    batch.push("y", "y1");
    batch.push("x", "x2");
    vi.advanceTimersByTime(15);
    expect(flushed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flushed).toEqual([["y1", "x2"]]);
  });

  it("flushes at most once per 100 ms however fast items arrive", () => {
    const flushed: string[][] = [];
    const batch = createFrameBatch<string>((items) => flushed.push(items));
    batch.push("a", "1");
    vi.advanceTimersByTime(16);
    batch.push("a", "2");
    // The next flush waits out the interval, then a frame.
    vi.advanceTimersByTime(115);
    expect(flushed).toEqual([["1"]]);
    vi.advanceTimersByTime(1);
    expect(flushed).toEqual([["1"], ["2"]]);
  });

  it("clear drops what is queued and the flush", () => {
    const flushed: string[][] = [];
    const batch = createFrameBatch<string>((items) => flushed.push(items));
    batch.push("a", "1");
    batch.clear();
    vi.advanceTimersByTime(2000);
    expect(flushed).toEqual([]);
  });
});

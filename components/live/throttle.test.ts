import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createThrottle } from "./throttle";

describe("createThrottle", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs the first call at once and collapses a burst into one trailing run", () => {
    const run = vi.fn();
    const throttle = createThrottle(run, 1000);
    throttle.trigger();
    expect(run).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) {
      vi.advanceTimersByTime(10);
      throttle.trigger();
    }
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(500);
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it("never runs twice within the interval, and runs at once after a quiet interval", () => {
    const run = vi.fn();
    const times: number[] = [];
    run.mockImplementation(() => times.push(Date.now()));
    const throttle = createThrottle(run, 1000);
    for (let i = 0; i < 40; i++) {
      throttle.trigger();
      vi.advanceTimersByTime(100);
    }
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
    vi.advanceTimersByTime(3000);
    const before = run.mock.calls.length;
    throttle.trigger();
    expect(run).toHaveBeenCalledTimes(before + 1);
  });

  it("cancel drops the pending trailing run", () => {
    const run = vi.fn();
    const throttle = createThrottle(run, 1000);
    throttle.trigger();
    throttle.trigger();
    throttle.cancel();
    vi.advanceTimersByTime(2000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});

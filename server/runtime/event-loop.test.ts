import { describe, expect, it } from "vitest";
import { startEventLoopMonitor } from "./event-loop";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("startEventLoopMonitor", () => {
  it("reads a synchronous block as lag beyond the sampling period", async () => {
    const monitor = startEventLoopMonitor({ windowMs: 60_000, resolutionMs: 10 });
    try {
      expect(monitor.lag()).toMatchObject({ p50Ms: 0, p99Ms: 0, maxMs: 0 });
      await sleep(50);
      const until = performance.now() + 60;
      while (performance.now() < until); // block the loop for 60 ms
      await sleep(50);
      const lag = monitor.lag();
      expect(lag.maxMs).toBeGreaterThanOrEqual(50);
      expect(lag.p50Ms).toBeLessThan(lag.maxMs);
    } finally {
      monitor.stop();
    }
  });
});

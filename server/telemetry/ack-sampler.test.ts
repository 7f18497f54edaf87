import { Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { ackReadingOf, createAckSampler } from "./ack-sampler";

const MIN = 60_000;
const WINDOWS = {
  budget: 28 * 24 * 60 * MIN,
  "1h": 60 * MIN,
  "5m": 5 * MIN,
  "6h": 360 * MIN,
  "30m": 30 * MIN,
};

describe("the webhook ack sampler", () => {
  it("counts acknowledgements per window from a real histogram, judged at the bucket bound", async () => {
    const histogram = new Histogram({
      name: "ack_seconds",
      help: "test",
      buckets: [0.1, 0.25, 0.5],
      labelNames: ["source"],
      registers: [new Registry()],
    });
    const read = async () => ackReadingOf((await histogram.get()).values);
    const t0 = 1_000_000_000;
    const sampler = createAckSampler(read, t0);
    histogram.observe({ source: "github" }, 0.05);
    histogram.observe({ source: "github" }, 0.3);
    histogram.observe({ source: "gitlab" }, 0.2);
    // Sampled at t0 + 10 min: the node's start is the baseline of every window.
    let acks = await sampler.counts(undefined, 300, t0 + 10 * MIN, WINDOWS);
    // 300 ms has no bucket of its own: judged at 250 ms (the 0.3 s answer is bad).
    expect(acks.boundMs).toBe(250);
    expect(acks.counts.budget).toEqual({ good: 2, bad: 1 });
    expect(acks.counts["5m"]).toEqual({ good: 2, bad: 1 });

    // Ten minutes on, two more slow answers from GitHub: only they are in the 5-minute window.
    histogram.observe({ source: "github" }, 0.4);
    histogram.observe({ source: "github" }, 0.45);
    acks = await sampler.counts("github", 300, t0 + 20 * MIN, WINDOWS);
    expect(acks.counts["5m"]).toEqual({ good: 0, bad: 2 });
    expect(acks.counts["1h"]).toEqual({ good: 1, bad: 3 });
    expect(acks.since).toBe(t0);
  });
});

import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { handleDelivery } from "./baseline-server";
import { BENCH_GITHUB_SECRET, deliveryStream, renderTemplate } from "./deliveries";
import { windowRates } from "./ingest-burst";
import { jobIdsOf, ReceiptBook } from "./push-dashboards";

const NOW = Date.parse("2026-12-03T08:00:00Z");

describe("deliveryStream", () => {
  const stream = deliveryStream({ firstJobId: 1_000, firstRunId: 50, now: () => NOW });
  const deliveries = Array.from({ length: 600 }, () => stream.next());
  const bodies = deliveries.map(
    (d) => JSON.parse(d.body.toString("utf8")) as { action: string; workflow_job: Record<string, unknown> },
  );

  it("gives each delivery its own job, and its own delivery id", () => {
    expect(new Set(bodies.map((b) => b.workflow_job.id)).size).toBe(600);
    expect(new Set(deliveries.map((d) => d.headers["x-github-delivery"])).size).toBe(600);
    expect(deliveries[0]?.jobId).toBe("github:1000");
    expect(bodies[599]?.workflow_job.id).toBe(1_599);
  });

  it("groups jobs in runs of 256", () => {
    expect(bodies[0]?.workflow_job.run_id).toBe(50);
    expect(bodies[255]?.workflow_job.run_id).toBe(50);
    expect(bodies[256]?.workflow_job.run_id).toBe(51);
    expect(bodies[599]?.workflow_job.run_id).toBe(52);
  });

  it("puts every job in one run when asked", () => {
    const one = deliveryStream({ firstJobId: 1, firstRunId: 9, jobsPerRun: Infinity });
    const runs = Array.from(
      { length: 300 },
      () => JSON.parse(one.next().body.toString()).workflow_job.run_id,
    );
    expect(new Set(runs)).toEqual(new Set([9]));
  });

  it("cycles through GitHub's fixtures, ~10 KB each, timestamped at the send time", () => {
    expect(new Set(bodies.slice(0, 8).map((b) => b.action))).toEqual(
      new Set(["completed", "in_progress", "queued", "waiting"]),
    );
    const mean = deliveries.reduce((s, d) => s + d.body.length, 0) / deliveries.length;
    expect(mean).toBeGreaterThan(8_000);
    expect(mean).toBeLessThan(12_000);
    expect(bodies[0]?.workflow_job.created_at).toBe("2026-12-03T07:59:00Z");
  });

  it("signs the exact bytes as GitHub does, which the verify+parse baseline accepts", () => {
    const d = deliveries[3];
    if (!d) throw new Error("no delivery");
    const expected = `sha256=${createHmac("sha256", BENCH_GITHUB_SECRET).update(d.body).digest("hex")}`;
    expect(d.headers["x-hub-signature-256"]).toBe(expected);
    expect(handleDelivery("verify-parse", d.body, expected)).toBe(202);
    expect(handleDelivery("verify-parse", d.body, expected.replace(/.$/, "0"))).toBe(401);
    expect(handleDelivery("read", d.body, undefined)).toBe(202);
  });
});

describe("renderTemplate", () => {
  it("writes numbers bare and strings quoted", () => {
    expect(renderTemplate(['{"id":', "id", ',"at":', "at", "}"], { id: 7, at: "x" })).toBe(
      '{"id":7,"at":"x"}',
    );
  });
});

describe("windowRates", () => {
  it("measures the first and the last window of completions", () => {
    // 10 completions: one every 100 ms for the first 5, then one every 200 ms.
    const completions = [100, 200, 300, 400, 500, 700, 900, 1_100, 1_300, 1_500];
    expect(windowRates(completions, 0, 4)).toEqual({ first: 10, last: 5 });
  });

  it("is null with too few completions for two windows' ends", () => {
    expect(windowRates([1, 2, 3], 0, 3)).toBeNull();
  });
});

describe("ReceiptBook and jobIdsOf", () => {
  it("counts each job once per client, from single and batched events", () => {
    const book = new ReceiptBook(2);
    book.sent("github:1", 10);
    book.sent("github:2", 20);
    for (const id of jobIdsOf({ version: 1, job: { id: "github:1" } })) book.received(0, id, 15);
    for (const id of jobIdsOf({ version: 1, jobs: [{ id: "github:1" }, { id: "github:2" }] }))
      book.received(1, id, 30);
    book.received(1, "github:1", 40); // a repeat at the same client
    book.received(0, "github:9", 40); // never sent
    expect(book.latencies).toEqual([5, 20, 10]);
    expect(book.strays).toBe(2);
    expect(book.share(["github:1", "github:2"])).toEqual({ expected: 4, received: 3 });
  });
});

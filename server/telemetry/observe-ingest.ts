/**
 * Counts every webhook delivery by source and outcome, and times the answers
 * that acknowledge one (2xx: stored, a duplicate, or ignored — each after its
 * batch committed). Wraps the ingest function, so ingest itself knows nothing
 * of Prometheus. The outcomes are those the store counts for the Sources page,
 * so on one node the counters equal `GET /api/v1/sources` since start-up.
 */
import type { Ingest, IngestResult } from "../ingest/ingest-service";
import type { DeliveryCount, Instruments } from "./instruments";

/** The outcome a result is counted as (the same mapping as the store's delivery counts). */
export function deliveryCount(result: IngestResult): DeliveryCount {
  switch (result.outcome) {
    case "accepted":
      if (result.duplicate) return "duplicate";
      return result.kind === "ignored" ? "ignored" : "accepted";
    case "ping":
      return "ignored";
    case "unauthorized":
      return "rejected";
    case "unconfigured":
    case "unsupported-media-type":
    case "invalid":
      return "invalid";
  }
}

const ACKNOWLEDGED = new Set<DeliveryCount>(["accepted", "duplicate", "ignored"]);

/** The ingest function, counted and timed. A fault (thrown, answered 5xx) counts as `error`. */
export function observeIngest(
  ingest: Ingest,
  instruments: Pick<Instruments, "deliveries" | "ackSeconds">,
): Ingest {
  return async (adapter, headers, rawBody) => {
    const started = performance.now();
    let result: IngestResult;
    try {
      result = await ingest(adapter, headers, rawBody);
    } catch (error) {
      instruments.deliveries.inc({ source: adapter.source, outcome: "error" });
      throw error;
    }
    const outcome = deliveryCount(result);
    instruments.deliveries.inc({ source: adapter.source, outcome });
    if (ACKNOWLEDGED.has(outcome))
      instruments.ackSeconds.observe({ source: adapter.source }, (performance.now() - started) / 1000);
    return result;
  };
}

/**
 * Replay: re-processes every stored raw delivery through the current
 * normalisers, e.g. after an upgrade that reads more of a vendor's payload.
 * Each job and run is rebuilt from nothing in a new generation, so the result
 * is what the current code makes of all deliveries, and running it again
 * changes nothing. Delivery counts are not touched.
 *
 * Given the server's domain events, each re-applied delivery announces what it
 * changed exactly as live ingest does (`job.changed`, `run.changed`,
 * `runner.changed`, after its commit), so open dashboards follow a replay live.
 */
import { randomUUID } from "node:crypto";
import type { DomainEvents } from "../domain/events";
import type { ReplayStore } from "../store/store";
import { adapterFor } from "./adapters";
import { parseObject } from "./ingest-service";
import { normaliseDelivery } from "./normalise-delivery";
import { PayloadError } from "./source";

/** Progress of a replay. */
export interface ReplayProgress {
  /** Deliveries processed so far. */
  done: number;
  /** Deliveries stored when the replay started (more may arrive while it runs). */
  total: number;
}

/** What a replay did. */
export interface ReplayResult extends ReplayProgress {
  generation: string;
  /** Deliveries whose observations were applied. */
  applied: number;
  /** Deliveries the normalisers ignore (pings, events Runwatch does not read). */
  ignored: number;
  /** Deliveries the current normalisers refuse (kept, never deleted), with why. */
  failed: { seq: number; source: string; error: string }[];
}

/** Options of a replay. */
export interface ReplayOptions {
  store: ReplayStore;
  /** Deliveries read per batch (default 500). */
  batchSize?: number;
  /** Called after every batch. */
  onProgress?: (progress: ReplayProgress) => void | Promise<void>;
  /** Where to announce what each delivery changed (the broadcaster listens); none in a separate process. */
  events?: DomainEvents;
}

/** Replays every stored delivery, oldest first, including any that arrive while it runs. */
export async function replayDeliveries({
  store,
  batchSize = 500,
  onProgress,
  events,
}: ReplayOptions): Promise<ReplayResult> {
  const generation = randomUUID();
  const result: ReplayResult = {
    generation,
    done: 0,
    total: await store.countDeliveries(),
    applied: 0,
    ignored: 0,
    failed: [],
  };
  for (let after = 0; ;) {
    const batch = await store.readDeliveriesAfter(after, batchSize);
    if (batch.length === 0) break;
    for (const delivery of batch) {
      after = delivery.seq;
      result.done += 1;
      const adapter = adapterFor(delivery.source);
      if (!adapter) {
        result.failed.push({
          seq: delivery.seq,
          source: delivery.source,
          error: "no adapter for this source",
        });
        continue;
      }
      try {
        const normalised = normaliseDelivery(
          adapter,
          delivery.event,
          parseObject(delivery.body),
          delivery.receivedAt,
        );
        if (normalised.kind !== "data") {
          result.ignored += 1;
          continue;
        }
        const applied = await store.reapplyDelivery(delivery, normalised.observations, generation);
        result.applied += 1;
        // Committed: announce as the ingest writer does, in the same order.
        for (const change of applied.jobs)
          events?.emit("job.changed", { job: change.current, previous: change.previous });
        for (const change of applied.runs)
          events?.emit("run.changed", { run: change.current, previous: change.previous });
        for (const change of applied.runners)
          events?.emit("runner.changed", { runner: change.current, previous: change.previous });
      } catch (error) {
        if (!(error instanceof PayloadError)) throw error;
        result.failed.push({ seq: delivery.seq, source: delivery.source, error: error.message });
      }
    }
    result.total = Math.max(result.total, result.done);
    await onProgress?.({ done: result.done, total: result.total });
  }
  return result;
}

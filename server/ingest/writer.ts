/**
 * The group-commit writer: the one owner of ingest's database writes. Each
 * verified delivery (and each refused one's count) is queued; a batch of them
 * is written in ONE transaction — each item in its own savepoint, so one that
 * fails in the store fails alone — and committed with the store's durability
 * (WAL, synchronous=FULL: one fsync for the whole batch). Only then are the
 * batch's domain events emitted, in queue order, and its waiters answered.
 *
 * What a delivery's ingest causes is written in the same transaction: the
 * delivery, its jobs, runs, runners, roll-up marks and stats (`recordDelivery`),
 * and the alert work for jobs it finished, so alert evaluation survives a crash.
 */
import type { Job, JobSource } from "../../lib/job";
import type { DeliveryOutcome, DeliveryStats } from "../../lib/sources";
import { firstFinished } from "../domain/alert-work";
import type { DomainEvents } from "../domain/events";
import {
  TransactionLostError,
  type DeliveryRecord,
  type DeliveryStore,
  type DeliveryWrites,
  type RecordOutcome,
} from "../store/store";
import { createBatchPolicy, type BatchPolicyOptions } from "./batch-policy";

/** Dependencies of the writer. */
export interface WriterDeps {
  store: Pick<DeliveryStore, "writeBatch">;
  events: DomainEvents;
  /** Batch closing knobs (see `batch-policy.ts`). */
  policy?: BatchPolicyOptions;
  /** Failed jobs whose log to fetch (their source has a read token): queued in the same transaction. */
  wantsLog?: (job: Job) => boolean;
  /** Told of every committed transaction: its items and how long it took (for the Prometheus export). */
  onCommit?: (batch: { items: number; seconds: number }) => void;
}

/** Counters of what the writer committed, for benchmarks and tests. */
export interface WriterStats {
  /** Transactions committed. */
  batches: number;
  /** Items in them (failed items included). */
  items: number;
}

/** The running writer. */
export interface IngestWriter {
  /** Queues a verified delivery; resolves after its batch committed and its events were emitted. */
  record(record: DeliveryRecord): Promise<RecordOutcome>;
  /** Queues the count of a refused delivery or a ping; resolves as `record` does. */
  count(source: JobSource, outcome: DeliveryOutcome, at: number): Promise<DeliveryStats>;
  /** Counters so far. */
  stats(): WriterStats;
  /** Writes everything queued, then resolves; later items are refused. */
  close(): Promise<void>;
}

interface Pending<T> {
  write: (writes: DeliveryWrites) => Promise<T>;
  /** The delivery `write` records, stored with the batch's others in one statement. */
  record?: DeliveryRecord;
  announce: (result: T) => void;
  resolve: (result: T) => void;
  reject: (error: unknown) => void;
  queuedAt: number;
}

/** Creates the writer; nothing is written until the first item is queued. */
export function createIngestWriter({
  store,
  events,
  policy: knobs,
  wantsLog,
  onCommit,
}: WriterDeps): IngestWriter {
  const policy = createBatchPolicy(knobs);
  // Typed per item where it is queued; the queue itself only moves them.
  const queue: Pending<unknown>[] = [];
  let writing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let immediate: NodeJS.Immediate | null = null;
  let closed = false;
  const stats: WriterStats = { batches: 0, items: 0 };

  function schedule(): void {
    if (writing || immediate || queue.length === 0) return;
    const oldest = queue[0] as Pending<unknown>;
    const wait = closed ? 0 : policy.delay(queue.length, oldest.queuedAt, performance.now());
    if (wait === 0) {
      if (timer) clearTimeout(timer);
      timer = null;
      // At the end of this turn: every request read in this turn joins the batch.
      immediate = setImmediate(flush);
    } else if (!timer) {
      timer = setTimeout(() => {
        timer = null;
        immediate = setImmediate(flush);
      }, wait);
    }
  }

  function flush(): void {
    immediate = null;
    const batch = queue.splice(0, policy.take(queue.length));
    writing = writeBatch(batch).finally(() => {
      writing = null;
      policy.wrote(batch.length);
      schedule();
    });
  }

  async function writeBatch(batch: Pending<unknown>[]): Promise<void> {
    const settled: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    const started = performance.now();
    try {
      await store.writeBatch(async (tx) => {
        settled.length = 0;
        await tx.prepare(batch.flatMap((item) => (item.record ? [item.record] : [])));
        for (const item of batch) {
          try {
            settled.push({ ok: true, value: await tx.item(item.write) });
          } catch (error) {
            if (error instanceof TransactionLostError) throw error;
            settled.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The transaction did not commit: nothing of the batch is stored, so no item is acknowledged.
      for (const item of batch) item.reject(error);
      return;
    }
    stats.batches += 1;
    stats.items += batch.length;
    onCommit?.({ items: batch.length, seconds: (performance.now() - started) / 1000 });
    // Committed: announce in queue order, then answer.
    batch.forEach((item, i) => {
      const outcome = settled[i];
      if (!outcome?.ok) return item.reject(outcome?.error);
      try {
        item.announce(outcome.value);
        item.resolve(outcome.value);
      } catch (error) {
        item.reject(error);
      }
    });
  }

  function enqueue<T>(
    write: Pending<T>["write"],
    announce: Pending<T>["announce"],
    record?: DeliveryRecord,
  ): Promise<T> {
    if (closed) return Promise.reject(new Error("the ingest writer is closed"));
    return new Promise<T>((resolve, reject) => {
      const item: Pending<T> = { write, announce, record, resolve, reject, queuedAt: performance.now() };
      queue.push(item as Pending<unknown>);
      schedule();
    });
  }

  const announceRecord = (stored: RecordOutcome) => {
    for (const change of stored.jobs)
      events.emit("job.changed", { job: change.current, previous: change.previous });
    for (const change of stored.runs)
      events.emit("run.changed", { run: change.current, previous: change.previous });
    for (const change of stored.runners)
      events.emit("runner.changed", { runner: change.current, previous: change.previous });
    events.emit("source.changed", { stats: stored.stats });
  };

  return {
    record: (record) =>
      enqueue(
        async (tx) => {
          const stored = await tx.recordDelivery(record);
          const finished = stored.jobs
            .filter((c) => firstFinished(c.current, c.previous))
            .map((c) => c.current);
          await tx.queueAlertWork(finished, record.receivedAt);
          if (wantsLog) {
            const logs = finished.filter(wantsLog).map((job) => job.id);
            if (logs.length > 0) await tx.queueLogFetch(logs, record.receivedAt);
          }
          return stored;
        },
        announceRecord,
        record,
      ),
    count: (source, outcome, at) =>
      enqueue(
        (tx) => tx.countDelivery(source, outcome, at),
        (stats) => events.emit("source.changed", { stats }),
      ),
    stats: () => ({ ...stats }),
    async close() {
      closed = true;
      schedule();
      while (writing || immediate || timer || queue.length > 0) {
        await (writing ?? new Promise((resolve) => setImmediate(resolve)));
      }
    },
  };
}

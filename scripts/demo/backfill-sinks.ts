/**
 * Where the backfill's deliveries go. Both ways run the server's own ingest
 * (signature check, normalisers, dedupe on the delivery id, roll-up marks):
 *
 * - `webhooks`: signed HTTP deliveries to the server's endpoints, as the live
 *   demo sends them. Exact, but the server's webhook rate limit
 *   (`RUNWATCH_RATE_LIMIT_WEBHOOK`, 1,200 a minute per address) caps it at
 *   20 deliveries a second: a 30-day history would take half an hour.
 * - `store`: the same signed deliveries through the same ingest service,
 *   in-process, into the server's database (`RUNWATCH_DATA_DIR`, as the
 *   `runwatch` command finds it; SQLite in WAL mode lets it write beside the
 *   running server). Thousands a second. Used only when the server at `--url`
 *   is shown to use that database: one delivery is sent over HTTP first and
 *   must then be found in it.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { systemClock } from "../../server/domain/clock";
import { DomainEvents } from "../../server/domain/events";
import { adapterFor } from "../../server/ingest/adapters";
import { createIngestService, parseObject } from "../../server/ingest/ingest-service";
import { createIngestWriter } from "../../server/ingest/writer";
import { openSqliteStore, SQLITE_FILE } from "../../server/store/sqlite";
import type { DeliveryMeta } from "./feed";
import { Sender, type Delivery } from "./sender";

/** How one batch of deliveries fared. */
export interface SinkTally {
  accepted: number;
  /** Accepted as redeliveries: already stored by an earlier backfill. */
  duplicate: number;
  /** Refused, with the first reason. */
  rejected: number;
  firstRejection: string | null;
}

/** A way to deliver the backfill. */
export interface BackfillSink {
  readonly via: "store" | "webhooks";
  /** Delivers `deliveries` (in order per job) and resolves once each is answered. */
  send(deliveries: readonly Delivery<DeliveryMeta>[]): Promise<SinkTally>;
  close(): Promise<void>;
}

const emptyTally = (): SinkTally => ({ accepted: 0, duplicate: 0, rejected: 0, firstRejection: null });

/** Signed HTTP deliveries through a `Sender` (honours `Retry-After` on 429). */
export function webhookSink(onNotice: (message: string) => void): BackfillSink {
  let tally = emptyTally();
  const sender = new Sender<DeliveryMeta>({
    concurrency: 8,
    onNotice,
    onResult: (_delivery, result) => {
      if (result.kind === "accepted") {
        tally.accepted++;
        if (result.duplicate) tally.duplicate++;
      } else {
        tally.rejected++;
        tally.firstRejection ??= `${result.status} ${result.code}: ${result.message}`;
      }
    },
  });
  return {
    via: "webhooks",
    async send(deliveries) {
      tally = emptyTally();
      for (const delivery of deliveries) sender.enqueue(delivery);
      // No deadline (a day, as setTimeout takes no Infinity): the rate limit may pace a long history.
      await sender.flush(86_400_000);
      return tally;
    },
    async close() {
      sender.stop();
    },
  };
}

/** Whether the database in `dataDir` holds the delivery `id` of `source` (false without a database; none is created). */
export async function databaseHasDelivery(dataDir: string, source: string, id: string): Promise<boolean> {
  if (!fs.existsSync(path.join(dataDir, SQLITE_FILE))) return false;
  const store = await openSqliteStore(dataDir);
  try {
    return await store.hasDelivery(source, id);
  } finally {
    await store.close();
  }
}

/** Lower-cases header names, as Node's HTTP server hands them to the ingest service. */
function requestHeaders(delivery: Delivery<DeliveryMeta>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(delivery.target.headers(delivery, Date.now()))) {
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

/** The id the server dedupes `delivery` on (the vendor's delivery id, one derived from the event, or the body's hash). */
export function serverDeliveryId(delivery: Delivery<DeliveryMeta>): string {
  const adapter = adapterFor(delivery.meta.source.key);
  const rawBody = Buffer.from(delivery.body, "utf8");
  const identity = adapter?.identify(
    { headers: requestHeaders(delivery), rawBody },
    parseObject(delivery.body),
  );
  return identity?.deliveryId ?? `sha256:${createHash("sha256").update(rawBody).digest("hex")}`;
}

/**
 * The server's ingest service on the database in `dataDir`. `secrets` are the
 * webhook secrets by variable name (the demo's, which the server shares).
 */
export async function storeSink(
  dataDir: string,
  secrets: Readonly<Record<string, string | undefined>>,
  toleranceMs: number,
): Promise<BackfillSink> {
  const store = await openSqliteStore(dataDir);
  const writer = createIngestWriter({ store, events: new DomainEvents() });
  const ingest = createIngestService({ writer, clock: systemClock, secrets, toleranceMs });
  return {
    via: "store",
    async send(deliveries) {
      const tally = emptyTally();
      // Queued in order, without waiting: the writer keeps queue order and commits them in batches.
      const answers = deliveries.map((delivery) => {
        const adapter = adapterFor(delivery.meta.source.key);
        if (!adapter) throw new Error(`no ingest adapter for ${delivery.meta.source.key}`);
        return ingest(adapter, requestHeaders(delivery), Buffer.from(delivery.body, "utf8"));
      });
      for (const answer of await Promise.all(answers)) {
        if (answer.outcome === "accepted") {
          tally.accepted++;
          if (answer.duplicate) tally.duplicate++;
        } else if (answer.outcome !== "ping") {
          tally.rejected++;
          tally.firstRejection ??= `${answer.outcome}: ${answer.message}`;
        }
      }
      return tally;
    },
    async close() {
      await writer.close();
      await store.close();
    },
  };
}

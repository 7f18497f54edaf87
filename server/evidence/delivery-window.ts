/**
 * Webhook deliveries over time, for the evidence page: per source and per
 * hour, how many were acknowledged or refused and why, how long the
 * acknowledgements took (a quantile sketch), and the last refusals. Kept in
 * memory (90 days of hourly buckets at most, a few hundred bytes each), so the
 * figures cover only since this server started — the evidence says so.
 * Recording is O(1) per delivery; reading merges at most 2,160 buckets.
 */
import { addToSketch, absorbSketch, emptySketch, type Sketch } from "../domain/sketch";
import type { Clock } from "../domain/clock";
import type { Ingest, IngestResult } from "../ingest/ingest-service";

/** Why a delivery counts the way it does in the evidence. */
export const DELIVERY_VERDICTS = [
  "accepted",
  "duplicate",
  "ignored",
  "badSignature",
  "staleTimestamp",
  "sourceNotConfigured",
  "invalid",
  "refusedForLoad",
] as const;

/** One verdict. */
export type DeliveryVerdict = (typeof DELIVERY_VERDICTS)[number];

/** A refused delivery, as listed among the last refusals. */
export interface Refusal {
  /** ms since epoch. */
  at: number;
  verdict: DeliveryVerdict;
  /** The reason given to the vendor (never a secret). */
  reason: string;
}

/** What a window holds for one source. */
export interface SourceWindow {
  counts: Record<DeliveryVerdict, number>;
  /** Acknowledgement times of acknowledged deliveries, ms. */
  ackMs: Sketch;
  /** Time from a job change being committed to its live update being sent, ms. */
  pushMs: Sketch;
}

/** The recorder. */
export interface DeliveryWindow {
  /** The ingest function, recorded. */
  observeIngest(ingest: Ingest): Ingest;
  /** Records how long a committed change of a `source` job waited before its live update was sent, ms. */
  pushed(source: string, delayMs: number): void;
  /** Records a webhook answered 429 (rate limited) or 503 (draining, overloaded) before ingest saw it. */
  refusedForLoad(source: string, status: number): void;
  /** Per source, everything recorded since `sinceMs` (to the hour). */
  read(sinceMs: number): Map<string, SourceWindow>;
  /** The last refusals of a source, newest first, at most {@link LAST_REFUSALS}. */
  lastRefusals(source: string): Refusal[];
}

/** How many refusals are kept per source. */
export const LAST_REFUSALS = 5;
const HOUR_MS = 3_600_000;
/** Buckets older than this are dropped (the longest evidence window). */
const KEEP_HOURS = 90 * 24;

/** The verdict of an ingest result; refusals are told apart by the reason the verifier gave. */
export function verdictOf(result: IngestResult): DeliveryVerdict {
  switch (result.outcome) {
    case "accepted":
      if (result.duplicate) return "duplicate";
      return result.kind === "ignored" ? "ignored" : "accepted";
    case "ping":
      return "ignored";
    case "unauthorized":
      // The verifiers name the timestamp when it, not the signature, is what failed.
      return /timestamp/i.test(result.message) ? "staleTimestamp" : "badSignature";
    case "unconfigured":
      return "sourceNotConfigured";
    case "unsupported-media-type":
    case "invalid":
      return "invalid";
  }
}

const emptyCounts = (): Record<DeliveryVerdict, number> =>
  Object.fromEntries(DELIVERY_VERDICTS.map((v) => [v, 0])) as Record<DeliveryVerdict, number>;

/** Creates an empty recorder. */
export function createDeliveryWindow(clock: Clock): DeliveryWindow {
  // hour index -> source -> window; a Map keeps insertion (time) order, so pruning reads from the front.
  const hours = new Map<number, Map<string, SourceWindow>>();
  const refusals = new Map<string, Refusal[]>();

  const bucket = (source: string, at: number): SourceWindow => {
    const hour = Math.floor(at / HOUR_MS);
    let sources = hours.get(hour);
    if (!sources) {
      sources = new Map();
      hours.set(hour, sources);
      for (const old of hours.keys()) {
        if (old > hour - KEEP_HOURS) break;
        hours.delete(old);
      }
    }
    let window = sources.get(source);
    if (!window) {
      window = { counts: emptyCounts(), ackMs: emptySketch(), pushMs: emptySketch() };
      sources.set(source, window);
    }
    return window;
  };

  const refuse = (source: string, refusal: Refusal) => {
    const list = refusals.get(source) ?? [];
    list.unshift(refusal);
    if (list.length > LAST_REFUSALS) list.length = LAST_REFUSALS;
    refusals.set(source, list);
  };

  return {
    observeIngest(ingest) {
      return async (adapter, headers, rawBody) => {
        const started = performance.now();
        const result = await ingest(adapter, headers, rawBody);
        const verdict = verdictOf(result);
        const at = clock.now();
        const window = bucket(adapter.source, at);
        window.counts[verdict] += 1;
        if (result.outcome === "accepted" || result.outcome === "ping") {
          addToSketch(window.ackMs, performance.now() - started);
        } else {
          refuse(adapter.source, { at, verdict, reason: result.message });
        }
        return result;
      };
    },
    pushed(source, delayMs) {
      addToSketch(bucket(source, clock.now()).pushMs, Math.max(0, delayMs));
    },
    refusedForLoad(source, status) {
      const at = clock.now();
      bucket(source, at).counts.refusedForLoad += 1;
      refuse(source, { at, verdict: "refusedForLoad", reason: `answered ${status}` });
    },
    read(sinceMs) {
      const from = Math.floor(sinceMs / HOUR_MS);
      const merged = new Map<string, SourceWindow>();
      for (const [hour, sources] of hours) {
        if (hour < from) continue;
        for (const [source, window] of sources) {
          const into = merged.get(source) ?? {
            counts: emptyCounts(),
            ackMs: emptySketch(),
            pushMs: emptySketch(),
          };
          for (const verdict of DELIVERY_VERDICTS) into.counts[verdict] += window.counts[verdict];
          absorbSketch(into.ackMs, window.ackMs);
          absorbSketch(into.pushMs, window.pushMs);
          merged.set(source, into);
        }
      }
      return merged;
    },
    lastRefusals: (source) => [...(refusals.get(source) ?? [])],
  };
}

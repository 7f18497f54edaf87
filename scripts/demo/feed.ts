/**
 * Turns one source's simulation events into queued deliveries, misbehaving
 * the way real vendors do now and then: a delivery sent twice (same delivery
 * id, or for vendors without one the same body), and an in-between state held
 * back until after the job's next state, so it arrives out of order.
 */
import type { SimEvent } from "./model";
import type { Random } from "../../lib/random";
import { makeDelivery, type Delivery, type Sender, type Target } from "./sender";
import type { SimulatedSource } from "./sources";

/** What the log needs about each delivery. */
export interface DeliveryMeta {
  source: SimulatedSource;
  /** The event the delivery reports (never a note). */
  event: Exclude<SimEvent, { type: "note" }>;
  /** Wall-clock time of the event, ms. */
  at: number;
  /** `redelivery`: a second copy of a delivery; `late`: sent after a later state of the same job or run. */
  chaos: "redelivery" | "late" | null;
  /** Log notes that happened just before this delivery. */
  notes: string[];
}

/** How often the feed misbehaves. */
export interface ChaosRates {
  /** Chance a delivery is sent twice. */
  duplicate: number;
  /** Chance an in-between state (queued, started) is held back until after the next one. */
  late: number;
}

/** Default chaos: rare enough to read as real, common enough to see in a minute. */
export const DEFAULT_CHAOS: ChaosRates = { duplicate: 0.03, late: 0.03 };

const isInBetween = (event: DeliveryMeta["event"]) =>
  (event.type === "job" && event.action !== "completed") ||
  (event.type === "run" && event.action !== "completed");

/** One source's stream of deliveries into a shared sender. */
export class Feed {
  private readonly held = new Map<string, Delivery<DeliveryMeta>[]>();
  private notes: string[] = [];
  private closed = false;

  constructor(
    private readonly source: SimulatedSource,
    private readonly target: Target,
    private readonly sender: Pick<Sender<DeliveryMeta>, "enqueue">,
    private readonly rng: Random,
    private readonly chaos: ChaosRates = DEFAULT_CHAOS,
    /** The vendor delivery id of the next delivery with this ordering key (default: a random UUID). */
    private readonly deliveryId?: (key: string) => string,
  ) {}

  /** Stops sending anything more for this source (its endpoint refused us). */
  close(): void {
    this.closed = true;
    this.held.clear();
  }

  /** Whether `close()` was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Queues the deliveries of `events`. `epochMs` is the wall-clock time of the
   * simulation's start; `note` formats a log note at a wall-clock time.
   */
  push(events: SimEvent[], epochMs: number, note: (at: number, message: string) => string): void {
    for (const event of events) {
      if (this.closed) return;
      if (event.type === "note") {
        this.notes.push(note(epochMs + event.at, `${this.source.label}: ${event.message}`));
        continue;
      }
      for (const out of this.source.outgoing(event, epochMs)) {
        const key = `${this.source.key}:${out.key}`;
        const meta: DeliveryMeta = {
          source: this.source,
          event,
          at: epochMs + event.at,
          chaos: null,
          notes: [],
        };
        const delivery = makeDelivery(this.target, out.event, out.payload, key, meta);
        if (this.deliveryId) delivery.id = this.deliveryId(key);
        if (isInBetween(event) && this.rng.chance(this.chaos.late)) {
          delivery.meta = { ...meta, chaos: "late" };
          this.held.set(key, [...(this.held.get(key) ?? []), delivery]);
          continue;
        }
        this.send(delivery);
        const late = this.held.get(key);
        if (late) {
          this.held.delete(key);
          for (const held of late) this.send(held);
        }
        if (this.rng.chance(this.chaos.duplicate)) {
          // The same delivery again: same id, same body, as a vendor retrying after a lost answer.
          this.send({ ...delivery, meta: { ...delivery.meta, chaos: "redelivery", notes: [] } });
        }
      }
    }
  }

  /** Sends whatever is still held back (at the end of a session). */
  release(): void {
    for (const deliveries of this.held.values()) for (const delivery of deliveries) this.send(delivery);
    this.held.clear();
  }

  private send(delivery: Delivery<DeliveryMeta>): void {
    if (this.notes.length > 0) {
      delivery.meta = { ...delivery.meta, notes: this.notes };
      this.notes = [];
    }
    this.sender.enqueue(delivery);
  }
}

/**
 * Test support for the demo's payload builders: whole simulated sessions of a
 * catalog, and a delivery put through a server adapter exactly as the ingest
 * service does (verify the raw bytes, identify, normalise). Used only by tests.
 */
import type { SourceAdapter, Normalised } from "../../server/ingest/source";
import { prepareVerifier } from "../../server/ingest/verify/policy";
import type { Catalog } from "./catalog";
import { Cluster } from "./cluster";
import type { AgentEvent, JobEvent, RunEvent, SimEvent } from "./model";
import type { Target } from "./sender";

/** The simulation's start in tests. */
export const EPOCH = Date.UTC(2026, 0, 15, 9, 30, 0);

/** Every event of a complete `--once` burst of `catalog`. */
export function burstOf(catalog: Catalog, seed = 7, agents = false): SimEvent[] {
  const cluster = new Cluster({
    seed,
    speed: 8,
    ratePerMinute: 0,
    spikes: false,
    catalog,
    agents,
    firstJobId: 1000,
    firstRunId: 500,
    firstRunNumber: 40,
  });
  cluster.burst(0);
  return cluster.advance(Number.POSITIVE_INFINITY);
}

/** A live stretch of `minutes` of `catalog` at `rate` runs/min: arrivals, spikes, re-runs, agent churn; then stopped. */
export function liveOf(catalog: Catalog, minutes: number, seed = 3, agents = false, rate = 30): SimEvent[] {
  const cluster = new Cluster({ seed, speed: 8, ratePerMinute: rate, spikes: true, catalog, agents });
  const events = cluster.advance(minutes * 60_000);
  return [...events, ...cluster.stop(minutes * 60_000)];
}

/** Only the job events. */
export const jobEvents = (events: SimEvent[]) => events.filter((e): e is JobEvent => e.type === "job");
/** Only the run events. */
export const runEvents = (events: SimEvent[]) => events.filter((e): e is RunEvent => e.type === "run");
/** Only the agent events. */
export const agentEvents = (events: SimEvent[]) => events.filter((e): e is AgentEvent => e.type === "agent");

/** What an adapter made of one delivery. */
export interface Ingested {
  verified: { ok: true } | { ok: false; error: string };
  event: string;
  deliveryId: string | null;
  normalised: Normalised;
}

/**
 * Posts `payload` to `adapter` the way the ingest service would: headers
 * from `target` (lower-cased, as Node delivers them), the exact body bytes,
 * `secrets` as the server's settings. Throws what the adapter throws.
 */
export function ingest(
  adapter: SourceAdapter,
  target: Target,
  event: string,
  payload: unknown,
  secrets: Record<string, string>,
  options: { id?: string; now?: number } = {},
): Ingested {
  const body = JSON.stringify(payload);
  const now = options.now ?? Date.now();
  const headers = Object.fromEntries(
    Object.entries(
      target.headers({ id: options.id ?? "2f6f3c1e-1d2b-4c5a-9e8f-0a1b2c3d4e5f", event, body }, now),
    ).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const request = { headers, rawBody: Buffer.from(body, "utf8") };
  const verified = prepareVerifier(adapter, secrets, { clock: { now: () => now }, toleranceMs: 300_000 })(
    request,
  );
  const parsed = JSON.parse(body) as Record<string, unknown>;
  const identity = adapter.identify(request, parsed);
  return { verified, ...identity, normalised: adapter.normalise(identity.event, parsed) };
}

/** The observations of a `data` result; throws for ping / ignored. */
export function observed(result: Ingested) {
  if (result.normalised.kind !== "data") throw new Error(`expected data, got ${result.normalised.kind}`);
  return result.normalised.observations;
}

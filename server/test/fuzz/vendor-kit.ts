/**
 * What every fuzzed vendor endpoint is described by (`Vendor`), and the small
 * editing helpers their plausible edits share.
 */
import { type Node, put, toNode } from "./json-tree";
import type { Random } from "../../../lib/random";
import type { AuthVariant } from "./vendor-signatures";

export type VendorSource = "gitlab" | "buildkite" | "jenkins" | "generic";

/** A real body to mutate, and the event header a vendor sends with it (null: none). */
export interface Seed {
  name: string;
  json: unknown;
  event: string | null;
}

/** What a delivery stores: job ids, run ids, runner ids. */
export interface Expected {
  jobs: string[];
  runs: string[];
  runners: string[];
}

export interface Vendor {
  source: VendorSource;
  seeds: Seed[];
  auth: AuthVariant[];
  /** Header carrying the event name, when the vendor sends one. */
  eventHeader: string | null;
  /** Header carrying the delivery id, when the vendor sends one. */
  deliveryHeader: string | null;
  userAgent: string;
  /** Gives the tree fresh ids (`fresh`) or keeps the fixture's; returns what a pristine delivery stores. */
  freshen(rng: Random, root: Node, seed: Seed, fresh: boolean): Expected;
  /** Edits the story (statuses, times, durations, reasons) as a sender could, edge values included. */
  plausible(rng: Random, root: Node): string;
  /** A field the seed's event cannot do without (dotted path), or null (pings, ignored events). */
  required(seed: Seed): string | null;
}

export const none = (): Expected => ({ jobs: [], runs: [], runners: [] });

/** Applies a few of `edits` (name → edit) at random; the label lists the ones made. */
export function someOf(rng: Random, label: string, edits: Record<string, () => unknown>): string {
  const made = Object.entries(edits)
    .filter(() => rng.chance(0.45))
    .map(([name, edit]) => `${name}=${String(edit())}`);
  return `plausible(${label}${made.length > 0 ? ":" : ""}${made.join(",")})`;
}
/** Sets `key` of `node` to a value picked from `values`, and returns it. */
export const pickInto = (rng: Random, node: Node | undefined, key: string, values: readonly unknown[]) => {
  const value = rng.pick(values);
  put(node, key, toNode(value));
  return value;
};
export const isoAround = (rng: Random) =>
  // 2017 up to now: a real sender's times (ones past now + 24 h are refused as implausible; `implausibleTime` covers those).
  new Date(rng.int(1_500_000_000_000, Date.now())).toISOString();
/** Valid ISO 8601 times at the edges: in UTC they fall outside the years 0000–9999. */
export const EDGE_TIMES = ["9999-12-31T23:59:59.999-23:59", "0000-01-01T00:00:00+14:00"];
export const PROTO_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty"];

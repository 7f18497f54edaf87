/**
 * A small seeded pseudo-random generator (mulberry32): the same seed yields the
 * same sequence, so `runwatch demo --seed` replays the same cluster and a fuzz
 * seed replays the same requests. Not for anything secret: delivery ids and
 * keys use `crypto` instead.
 */

/** Turns any seed text or number into a 32-bit state (FNV-1a over its string form). */
export function seedFrom(value: string | number): number {
  let hash = 0x811c9dc5;
  for (const ch of String(value)) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

/** Deterministic random source (mulberry32). The same seed yields the same sequence. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform float in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return Math.floor(this.between(min, max + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick() needs a non-empty list");
    return item;
  }

  /** One element, chosen with probability proportional to `weight(item)`. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weight(item), 0);
    let r = this.next() * total;
    for (const item of items) {
      r -= weight(item);
      if (r < 0) return item;
    }
    return this.pick(items);
  }

  /** One key of `weights`, chosen with probability proportional to its weight. */
  weightedKey<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][];
    return this.weighted(entries, ([, w]) => w)[0];
  }

  /** Exponentially distributed delay with the given mean (a Poisson process's gaps). */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** `length` lowercase hex digits (e.g. 40 for a commit sha). */
  hex(length: number): string {
    let out = "";
    while (out.length < length) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }

  /** `length` characters drawn from `alphabet` (letters, digits, `-` and `_` unless given). */
  text(length: number, alphabet = ALPHANUMERIC): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }

  /** `length` uniformly random bytes. */
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.int(0, 255);
    return out;
  }

  /** A version-4-shaped UUID string (8-4-4-4-12 lowercase hex; the version digits are random too). */
  uuid(): string {
    const hex = this.text(32, "0123456789abcdef");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

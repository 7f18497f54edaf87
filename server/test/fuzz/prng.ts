/**
 * Seeded randomness for the fuzz tests: replaying a seed replays the requests.
 */
/** mulberry32: small, fast, good enough to drive a fuzzer, and reproducible. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[this.int(0, items.length - 1)] as T;
  }
  /** Picks a key by weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][];
    let roll = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(0, 255);
    return out;
  }
  /** Random string over an alphabet. */
  text(n: number, alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"): string {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }
  /** A header-safe but otherwise arbitrary latin1 string (no CTLs: fetch or llhttp would refuse them). */
  headerBytes(n: number): string {
    let out = "";
    for (let i = 0; i < n; i++) {
      const c = this.chance(0.8) ? this.int(0x21, 0x7e) : this.int(0x80, 0xff);
      out += String.fromCharCode(c);
    }
    return out;
  }
  uuid(): string {
    const hex = this.text(32, "0123456789abcdef");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

/** UTF-8 bytes of `text` as a latin1 string, so fetch sends them raw in a header. */
export const rawUtf8 = (text: string) => Buffer.from(text, "utf8").toString("latin1");

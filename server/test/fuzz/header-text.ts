/**
 * Header values for the fuzz: arbitrary bytes that still travel, drawn from the
 * shared seeded generator.
 */
import type { Random } from "../../../lib/random";

/** A header-safe but otherwise arbitrary latin1 string (no CTLs: fetch or llhttp would refuse them). */
export function headerBytes(rng: Random, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) {
    const c = rng.chance(0.8) ? rng.int(0x21, 0x7e) : rng.int(0x80, 0xff);
    out += String.fromCharCode(c);
  }
  return out;
}

/** UTF-8 bytes of `text` as a latin1 string, so fetch sends them raw in a header. */
export const rawUtf8 = (text: string) => Buffer.from(text, "utf8").toString("latin1");

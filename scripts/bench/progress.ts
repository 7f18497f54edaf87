/**
 * Progress while the benchmark runs: one line per phase, and within a long
 * phase a counter — rewritten in place on a terminal, a line every few
 * seconds otherwise (so a log stays readable).
 */

/** A live counter for one phase. */
export interface Ticker {
  /** Shows `text` (e.g. "1,234 / 5,000 deliveries"). */
  update(text: string): void;
  /** Clears the counter line. */
  done(): void;
}

/** A counter prefixed with `label`. */
export function ticker(label: string, stream: NodeJS.WriteStream = process.stdout): Ticker {
  const tty = Boolean(stream.isTTY);
  let last = 0;
  let shown = false;
  return {
    update(text) {
      const now = performance.now();
      if (tty) {
        stream.write(`\r\x1b[2K  ${label}: ${text}`);
        shown = true;
      } else if (now - last >= 5_000) {
        last = now;
        stream.write(`  ${label}: ${text}\n`);
      }
    },
    done() {
      if (tty && shown) stream.write("\r\x1b[2K");
      shown = false;
    },
  };
}

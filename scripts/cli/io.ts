/**
 * What a CLI command runs against: output streams, settings and a clock,
 * passed in so the commands can run in-process in tests as well as from
 * `scripts/runwatch.ts`.
 */
import type { Clock } from "../../server/domain/clock";
import type { Settings } from "../../server/settings";
import type { Store } from "../../server/store/store";

/** A sink for text; resolves once the chunk is accepted (honours backpressure). */
export type Write = (chunk: string) => Promise<void>;

/** Everything a command needs. */
export interface CliContext {
  store: Store;
  settings: Settings;
  clock: Clock;
  out: Write;
  err: Write;
}

/** Exit codes: success, a negative finding (unknown key, broken chain), bad usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Actor recorded in the audit log for everything the CLI does. */
export const CLI_ACTOR = "cli";

/** Thrown for bad command-line usage; the message is shown with the usage text. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A `Write` over a Node stream. */
export function streamWriter(stream: NodeJS.WritableStream): Write {
  return (chunk) =>
    new Promise((resolve, reject) => {
      stream.write(chunk, (error) => (error ? reject(error) : resolve()));
    });
}

/** `2026-01-02 03:04Z`, or `-` for null: compact UTC for tables. */
export function shortTime(iso: string | null): string {
  return iso === null ? "-" : `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}

/** Left-aligned text table with a header row. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join("\n")}\n`;
}

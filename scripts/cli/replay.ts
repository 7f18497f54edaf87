/**
 * `runwatch replay`: re-processes every stored raw delivery through the
 * current normalisers, with a progress bar, and records it in the audit log.
 */
import { parseArgs } from "node:util";
import { replayDeliveries, type ReplayProgress } from "../../server/ingest/replay";
import { CLI_ACTOR, EXIT, type CliContext } from "./io";

/** Usage text of the `replay` command. */
export const REPLAY_USAGE = `  replay [--batch <n>] [--json]
      Re-processes every stored webhook delivery with the current normalisers (after an
      upgrade). Idempotent: running it twice gives the same jobs, runs and runners.`;

const BAR_WIDTH = 30;

/** `[#########.....]  45%  4,500/10,000 deliveries`. */
export function progressLine({ done, total }: ReplayProgress): string {
  const ratio = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(ratio * BAR_WIDTH);
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  const count = `${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")}`;
  return `[${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${percent}  ${count} deliveries`;
}

/** Runs `replay …`; resolves with the exit code. */
export async function replayCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { batch: { type: "string", default: "500" }, json: { type: "boolean", default: false } },
    strict: true,
  });
  const batchSize = Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    await ctx.err("runwatch: --batch must be an integer from 1 to 10000\n");
    return EXIT.usage;
  }
  // On a terminal the bar redraws in place; in a log it prints at each tenth.
  const tty = Boolean((process.stderr as { isTTY?: boolean }).isTTY) && !values.json;
  let lastTenth = -1;
  const started = ctx.clock.now();
  const result = await replayDeliveries({
    store: ctx.store,
    batchSize,
    onProgress: async (progress) => {
      if (values.json) return;
      if (tty) return ctx.err(`\r${progressLine(progress)}`);
      const tenth = progress.total === 0 ? 10 : Math.floor((progress.done / progress.total) * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      await ctx.err(`${progressLine(progress)}\n`);
    },
  });
  if (tty) await ctx.err("\n");
  const summary = {
    generation: result.generation,
    deliveries: result.done,
    applied: result.applied,
    ignored: result.ignored,
    failed: result.failed.length,
    ms: ctx.clock.now() - started,
  };
  await ctx.store.appendAudit(
    { actor: CLI_ACTOR, action: "deliveries.replayed", details: summary },
    ctx.clock.now(),
  );
  if (values.json) {
    await ctx.out(`${JSON.stringify({ ...summary, failures: result.failed.slice(0, 100) })}\n`);
  } else {
    await ctx.out(
      `Replayed ${result.done} deliveries: ${result.applied} applied, ${result.ignored} ignored, ${result.failed.length} refused by the current normalisers.\n`,
    );
    for (const failure of result.failed.slice(0, 20)) {
      await ctx.out(`  #${failure.seq} (${failure.source}): ${failure.error}\n`);
    }
  }
  return result.failed.length === 0 ? EXIT.ok : EXIT.failed;
}

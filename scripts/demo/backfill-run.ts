/**
 * Runs the demo's backfill before the live session: simulates the history
 * (see `backfill.ts`), picks how to deliver it (see `backfill-sinks.ts`) and
 * shows progress: share done, deliveries and jobs a second.
 */
import { loadSettings, SettingsError } from "../../server/settings";
import { backfillChunks, backfillWindow, finishesJob, type BackfillChunk } from "./backfill";
import {
  databaseHasDelivery,
  serverDeliveryId,
  storeSink,
  webhookSink,
  type BackfillSink,
  type SinkTally,
} from "./backfill-sinks";
import type { EnabledSource } from "./options";

/** How the history is delivered: see `backfill-sinks.ts`; `auto` prefers the database. */
export type BackfillVia = "auto" | "store" | "webhooks";

/** What the backfill needs. */
export interface BackfillRunOptions {
  sources: readonly EnabledSource[];
  url: string;
  days: number;
  via: BackfillVia;
  /** The environment the server's settings are read from (data folder, tolerance). */
  env: Readonly<Record<string, string | undefined>>;
  /** Prints a finished line. */
  print: (line: string) => void;
  /** Shows the progress line (redrawn in place on a terminal); `share` is done, 0 to 1. */
  progress: (line: string, share: number) => void;
  interrupted: () => boolean;
  now?: number;
}

/** What the backfill did. */
export interface BackfillSummary {
  /** How it delivered, or `skipped` (with why in `problem`). */
  via: "store" | "webhooks" | "skipped";
  deliveries: number;
  /** Jobs finished in the history. */
  jobs: number;
  /** Deliveries already stored by an earlier backfill. */
  duplicate: number;
  rejected: number;
  seconds: number;
  /** Why it was skipped or what was refused; null when all went well. */
  problem: string | null;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The progress line: `history 45% · day 14 of 30 · 12,345 deliveries · 2,100 jobs/s`. */
export function backfillProgressLine(
  progress: number,
  days: number,
  deliveries: number,
  jobs: number,
  seconds: number,
): string {
  const percent = `${Math.floor(progress * 100)}%`.padStart(4);
  const day = Math.min(days, Math.floor(progress * days) + 1);
  const rate = (n: number) => Math.round(n / Math.max(seconds, 0.001)).toLocaleString("en-US");
  return (
    `history ${percent} · day ${day} of ${days} · ${deliveries.toLocaleString("en-US")} deliveries ` +
    `(${rate(deliveries)}/s) · ${jobs.toLocaleString("en-US")} jobs (${rate(jobs)}/s)`
  );
}

/** Chooses the sink: the database when the server is shown to use it (see `backfill-sinks.ts`). */
async function chooseSink(
  options: BackfillRunOptions,
  probe: BackfillChunk["deliveries"][number],
): Promise<BackfillSink | string> {
  if (options.via === "webhooks") return webhookSink(options.print);
  let settings;
  try {
    settings = loadSettings(options.env);
  } catch (error) {
    if (error instanceof SettingsError) return `the server's settings do not load: ${error.message}`;
    throw error;
  }
  const local = LOOPBACK.has(new URL(options.url).hostname);
  // `store` is the user's word that the server uses this database; `auto` checks it.
  const shared =
    options.via === "store" ||
    (local && (await databaseHasDelivery(settings.dataDir, probe.meta.source.key, serverDeliveryId(probe))));
  if (!shared) {
    return (
      `the server at ${options.url} does not use the database in ${settings.dataDir}; run the demo ` +
      "with the server's RUNWATCH_DATA_DIR, or pass --backfill-via webhooks (slower: the server's " +
      "RUNWATCH_RATE_LIMIT_WEBHOOK, 1,200 a minute by default, paces it)"
    );
  }
  const secrets: Record<string, string | undefined> = { ...settings.secrets };
  for (const { source, secret } of options.sources) secrets[source.secretVariable] = secret;
  return storeSink(settings.dataDir, secrets, settings.signatureToleranceMs);
}

/**
 * Backfills `days` of history, then resolves with what it did. A refused
 * delivery stops it (the live session would meet the same refusal).
 */
export async function runBackfill(options: BackfillRunOptions): Promise<BackfillSummary> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const summary: BackfillSummary = {
    via: "skipped",
    deliveries: 0,
    jobs: 0,
    duplicate: 0,
    rejected: 0,
    seconds: 0,
    problem: null,
  };
  const window = backfillWindow(options.now ?? Date.now(), options.days);
  const chunks = backfillChunks({ sources: options.sources, baseUrl: options.url, window });
  const add = (chunk: BackfillChunk["deliveries"], tally: SinkTally) => {
    summary.deliveries += chunk.length;
    // Jenkins reports one finish as two deliveries (COMPLETED, FINALIZED): count the event once.
    summary.jobs += new Set(chunk.filter(finishesJob).map((d) => d.meta.event)).size;
    summary.duplicate += tally.duplicate;
    summary.rejected += tally.rejected;
    summary.problem ??= tally.firstRejection;
  };

  let first = chunks.next();
  while (!first.done && first.value.deliveries.length === 0) first = chunks.next();
  if (first.done) return { ...summary, seconds: elapsed() };
  const [probe, ...rest] = first.value.deliveries;
  if (!probe) return { ...summary, seconds: elapsed() };

  // The first delivery goes over HTTP: it proves the secrets and, for the database path, the server.
  const http = webhookSink(options.print);
  const probeTally = await http.send([probe]);
  await http.close();
  add([probe], probeTally);
  if (probeTally.rejected > 0) return { ...summary, seconds: elapsed() };

  const sink = await chooseSink(options, probe);
  if (typeof sink === "string") return { ...summary, problem: sink, seconds: elapsed() };
  summary.via = sink.via;
  try {
    let chunk: BackfillChunk = { deliveries: rest, progress: first.value.progress };
    for (;;) {
      add(chunk.deliveries, await sink.send(chunk.deliveries));
      options.progress(
        backfillProgressLine(chunk.progress, options.days, summary.deliveries, summary.jobs, elapsed()),
        chunk.progress,
      );
      if (summary.rejected > 0 || options.interrupted()) break;
      const next = chunks.next();
      if (next.done) break;
      chunk = next.value;
    }
  } finally {
    await sink.close();
  }
  return { ...summary, seconds: elapsed() };
}

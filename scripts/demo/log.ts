/**
 * The demo's console output: one compact line per job transition, notes, and
 * the final summary. Colour only on a terminal, and never with `NO_COLOR`.
 */
import { styleText } from "node:util";
import type { JobSnapshot } from "./cluster";
import type { DeliveryResult, SenderStats } from "./sender";

type Color = Parameters<typeof styleText>[0];

const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

/** Colours `text` when writing to a terminal. */
export function paint(color: Color, text: string): string {
  return useColor ? styleText(color, text) : text;
}

const STATUS_COLOR: Record<string, Color> = {
  queued: "blue",
  waiting: "magenta",
  in_progress: "yellow",
  success: "green",
  failure: "red",
  timed_out: "red",
  cancelled: "gray",
  skipped: "gray",
};

const clock = (epochMs: number) => new Date(epochMs).toTimeString().slice(0, 8);

/** `12:04:31  acme/api          CI › test (2/3) #2             failure    rack1-x64-03` */
export function transitionLine(job: JobSnapshot, atEpochMs: number, result: DeliveryResult): string {
  const state = job.status === "completed" ? (job.conclusion ?? "completed") : job.status;
  const attempt = job.attempt > 1 ? ` #${job.attempt}` : "";
  const what = `${job.workflow} › ${job.name}${attempt}`;
  const runner = job.runner?.name ?? (job.status === "queued" ? job.labels.join(",") : "");
  const parts = [
    paint("dim", clock(atEpochMs)),
    `acme/${job.repo.name}`.padEnd(17),
    what.padEnd(34),
    paint(STATUS_COLOR[state] ?? "white", state.padEnd(11)),
    paint("dim", runner),
  ];
  if (result.kind === "accepted" && result.duplicate) parts.push(paint("gray", "(duplicate)"));
  if (result.kind === "rejected") parts.push(paint("red", rejection(result)));
  return parts.join("  ");
}

/** `HTTP 400 invalid_payload: … (field workflow_job.name)` */
export function rejection(result: Extract<DeliveryResult, { kind: "rejected" }>): string {
  const field = result.field ? ` (field ${result.field})` : "";
  return `HTTP ${result.status} ${result.code}: ${result.message}${field}`;
}

/** A note line (spikes, re-runs, cancellations). */
export function noteLine(atEpochMs: number, message: string): string {
  return `${paint("dim", clock(atEpochMs))}  ${paint("cyan", `» ${message}`)}`;
}

/** The closing summary. */
export function summaryLine(stats: SenderStats): string {
  const parts = [
    `sent ${stats.sent}`,
    `accepted ${stats.accepted}`,
    `duplicate ${stats.duplicate}`,
    `rejected ${stats.rejected}`,
  ];
  if (stats.retries) parts.push(`retries ${stats.retries}`);
  if (stats.unsent) parts.push(`unsent ${stats.unsent}`);
  return `summary: ${parts.join(" · ")}`;
}

/**
 * The demo's console output: one compact line per delivery (job transitions,
 * run and agent changes), notes, and the final summary. Colour only on a
 * terminal, and never with `NO_COLOR`.
 */
import { styleText } from "node:util";
import type { DeliveryMeta } from "./feed";
import type { JobSnapshot } from "./model";
import type { DeliveryResult, SenderStats } from "./sender";

type Color = Parameters<typeof styleText>[0];

const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

/** Colours `text` when writing to a terminal. */
export function paint(color: Color, text: string): string {
  return useColor ? styleText(color, text) : text;
}

const STATUS_COLOR: Record<string, Color> = {
  queued: "blue",
  requested: "blue",
  waiting: "magenta",
  in_progress: "yellow",
  connected: "green",
  disconnected: "gray",
  success: "green",
  failure: "red",
  timed_out: "red",
  cancelled: "gray",
  skipped: "gray",
};

const clock = (epochMs: number) => new Date(epochMs).toTimeString().slice(0, 8);

const stateOf = (job: Pick<JobSnapshot, "status" | "conclusion">) =>
  job.status === "completed" ? (job.conclusion ?? "completed") : job.status;

/**
 * `12:04:31  github     acme/api               CI › test (2/3) #2             failure    rack1-x64-03`
 * (runs: `CI #1234 ▸ run`; agents: `agent ci-linux-03-1`).
 */
export function deliveryLine(meta: DeliveryMeta, result: DeliveryResult): string {
  const { event, source } = meta;
  let what: string;
  let state: string;
  let detail = "";
  let repo = "";
  if (event.type === "job") {
    const job = event.job;
    const attempt = job.attempt > 1 ? ` #${job.attempt}` : "";
    repo = source.repoName(job.repo);
    // A Jenkins build is its own workflow: show its number instead of the name twice.
    what =
      job.workflow === job.name ? `${job.name} #${job.runNumber}` : `${job.workflow} › ${job.name}${attempt}`;
    state = stateOf(job);
    detail = job.runner?.name ?? (job.status === "queued" ? job.labels.join(",") : "");
  } else if (event.type === "run") {
    const run = event.run;
    repo = source.repoName(run.repo);
    what = `${run.workflow} #${run.number} ▸ run`;
    state = event.action === "completed" ? (run.conclusion ?? "completed") : event.action;
  } else {
    what = `agent ${event.agent.name}`;
    state = event.action;
    detail = event.agent.labels.join(",");
  }
  const parts = [
    paint("dim", clock(meta.at)),
    source.key.padEnd(9),
    repo.padEnd(24),
    what.padEnd(36),
    paint(STATUS_COLOR[state] ?? "white", state.padEnd(11)),
    paint("dim", detail),
  ];
  if (meta.chaos === "late") parts.push(paint("gray", "(late: sent after a later state)"));
  if (meta.chaos === "redelivery") parts.push(paint("gray", "(redelivered)"));
  if (result.kind === "accepted" && result.duplicate) parts.push(paint("gray", "(duplicate)"));
  if (result.kind === "rejected") parts.push(paint("red", rejection(result)));
  return parts.join("  ");
}

/** `HTTP 400 invalid_payload: … (field workflow_job.name)` */
export function rejection(result: Extract<DeliveryResult, { kind: "rejected" }>): string {
  const field = result.field ? ` (field ${result.field})` : "";
  return `HTTP ${result.status} ${result.code}: ${result.message}${field}`;
}

/** A note line (spikes, re-runs, cancellations, agents recycled). */
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

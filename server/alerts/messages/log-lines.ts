/**
 * The few log lines an alert message carries: from the first error line of a
 * job's kept excerpt (or its last lines when none reads as an error), at most
 * five, each one line of at most 200 characters. Raw text: each formatter escapes it.
 */
import type { JobLog } from "../../../lib/job-log";
import { oneLine, truncate } from "./text";

/** Lines in a message. */
export const MESSAGE_LOG_LINES = 5;

/** The lines of `log` an alert message shows. */
export function messageLogLines(log: Pick<JobLog, "lines" | "firstErrorLine">): string[] {
  const from = log.firstErrorLine ?? Math.max(0, log.lines.length - MESSAGE_LOG_LINES);
  return log.lines
    .slice(from, from + MESSAGE_LOG_LINES)
    .map((line) => truncate(oneLine(line), 200))
    .filter((line) => line !== "");
}

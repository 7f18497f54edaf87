/**
 * Audit-log export formats, shared by the CLI and the HTTP export.
 *
 * JSON Lines is the faithful format: each line is a whole entry and the chain
 * can be re-verified from it alone. CSV is for spreadsheets: cells that a
 * spreadsheet would run as a formula are defused with a leading `'`, so a
 * CSV export is for reading, not for re-verifying.
 */
import type { AuditEntry } from "../../lib/auth";

import type { AuditExportFormat } from "../../lib/auth";
export { AUDIT_EXPORT_FORMATS, type AuditExportFormat } from "../../lib/auth";

/** Content type of each format. */
export const AUDIT_EXPORT_CONTENT_TYPES: Record<AuditExportFormat, string> = {
  jsonl: "application/jsonl; charset=utf-8",
  csv: "text/csv; charset=utf-8",
};

/** The CSV header line (with its line break). */
export const AUDIT_CSV_HEADER = "seq,at,actor,action,target,ip,details,prev_hash,hash\r\n";

/** One entry as a JSON Lines line (with its line break). */
export function auditJsonLine(entry: AuditEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/** One CSV cell: quoted when needed; spreadsheet formula triggers defused (OWASP CSV injection). */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

/** One entry as a CSV row (RFC 4180, CRLF). */
export function auditCsvRow(entry: AuditEntry): string {
  const cells = [
    entry.seq,
    entry.at,
    entry.actor,
    entry.action,
    entry.target,
    entry.ip,
    JSON.stringify(entry.details),
    entry.prevHash,
    entry.hash,
  ];
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/**
 * Every entry in `seq` order, formatted, as an async stream of chunks (header
 * first for CSV). `keep` selects entries; the chain is still read whole, in order.
 */
export async function* exportAudit(
  readAfter: (afterSeq: number, limit: number) => Promise<AuditEntry[]>,
  format: AuditExportFormat,
  pageSize = 1000,
  keep: (entry: AuditEntry) => boolean = () => true,
): AsyncGenerator<string> {
  if (format === "csv") yield AUDIT_CSV_HEADER;
  const line = format === "csv" ? auditCsvRow : auditJsonLine;
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const page = await readAfter(after, pageSize);
    const chunk = page.filter(keep).map(line).join("");
    if (chunk) yield chunk;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    after = last.seq;
  }
}

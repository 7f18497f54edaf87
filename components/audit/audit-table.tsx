"use client";

import { memo } from "react";
import type { ApiKey, AuditEntry } from "@/lib/auth";
import { detailChips, shortHash } from "./audit-params";
import { ActionBadge } from "@/components/auth/auth-badges";
import { EMPTY, formatDateTime } from "@/components/common/format";
import { describeActor } from "@/components/admin/key-names";
import { tdClass } from "@/components/ui/classes";
import { Table, Th } from "@/components/ui/table";

/** Props of {@link AuditTable}. */
export interface AuditTableProps {
  entries: AuditEntry[];
  /** Known keys, to name actors. */
  keysById: ReadonlyMap<string, ApiKey>;
}

/**
 * The audit log as a dense table (`data-testid="audit-table"`), one
 * `data-testid="audit-row"` per entry carrying `data-action` and `data-seq`.
 */
export function AuditTable({ entries, keysById }: AuditTableProps) {
  return (
    <Table
      caption="Audit log, newest first"
      minWidthClass="min-w-[60rem]"
      data-testid="audit-table"
      head={
        <>
          <Th className="w-16 text-right">Seq</Th>
          <Th className="w-44">Time</Th>
          <Th className="w-36">Actor</Th>
          <Th className="w-48">Action</Th>
          <Th className="w-36">Target</Th>
          <Th className="w-32">IP</Th>
          <Th>Details</Th>
          <Th className="w-32">Hash</Th>
        </>
      }
    >
      {entries.map((entry) => (
        <AuditRow key={entry.seq} entry={entry} keysById={keysById} />
      ))}
    </Table>
  );
}

const AuditRow = memo(function AuditRow({
  entry,
  keysById,
}: {
  entry: AuditEntry;
  keysById: ReadonlyMap<string, ApiKey>;
}) {
  const actor = describeActor(entry.actor, keysById);
  const chips = detailChips(entry.details);
  return (
    <tr
      data-testid="audit-row"
      data-action={entry.action}
      data-seq={entry.seq}
      className="align-top transition-colors hover:bg-surface-muted/50"
    >
      <td className={`${tdClass} text-right font-mono text-xs tabular-nums text-muted`}>{entry.seq}</td>
      <td className={`${tdClass} whitespace-nowrap tabular-nums`}>
        <time dateTime={entry.at} title={entry.at}>
          {formatDateTime(entry.at)}
        </time>
      </td>
      <td className={tdClass}>
        <span
          title={actor.title}
          className={`block max-w-[9rem] truncate ${actor.isId ? "font-mono text-xs" : "font-medium"}`}
        >
          {actor.label}
        </span>
      </td>
      <td className={tdClass}>
        <ActionBadge action={entry.action} />
      </td>
      <td className={tdClass}>
        {entry.target ? (
          <span title={entry.target} className="block max-w-[9rem] truncate font-mono text-xs">
            {entry.target}
          </span>
        ) : (
          <span className="text-muted">{EMPTY}</span>
        )}
      </td>
      <td className={`${tdClass} whitespace-nowrap font-mono text-xs text-muted`}>{entry.ip ?? EMPTY}</td>
      <td className={tdClass}>
        {chips.length === 0 ? (
          <span className="text-muted">{EMPTY}</span>
        ) : (
          <ul aria-label="Details" className="flex flex-wrap gap-1">
            {chips.map((chip) => (
              <li
                key={chip.key}
                title={`${chip.key}=${chip.full}`}
                className="max-w-[18rem] truncate rounded border border-border bg-surface-muted px-1.5 py-px font-mono text-[11px] leading-4"
              >
                <span className="text-muted">{chip.key}=</span>
                {chip.value}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className={tdClass}>
        <code title={entry.hash} className="font-mono text-xs text-muted">
          {shortHash(entry.hash)}
        </code>
      </td>
    </tr>
  );
});

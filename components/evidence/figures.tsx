import type { Figure } from "@/lib/evidence";
import { Table, Th } from "@/components/ui/table";
import { tdClass } from "@/components/ui/classes";

type Scalar = Exclude<Figure, unknown[]>;
type Rows = Extract<Figure, unknown[]>;

/** `refusedForSignature` → "Refused for signature"; `p99Ms` → "p99 ms". */
export function labelOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/\bMs\b/g, "ms")
    .replace(/\bMb\b/g, "MB")
    .toLowerCase()
    .replace(/\bms\b/g, "ms")
    .replace(/\bmb\b/g, "MB");
  return /^p\d/.test(words) ? words : words.charAt(0).toUpperCase() + words.slice(1);
}

/** One scalar as text: yes/no, a dash for nothing, numbers grouped. */
export function formatScalar(value: Scalar): string {
  if (value === null) return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return value.toLocaleString("en-US", { maximumFractionDigits: 1 });
  return value;
}

/** Props of {@link FigureList}. */
export interface FigureListProps {
  figures: Record<string, Figure>;
  /** Prefix of the tables' captions (the control's title). */
  caption: string;
}

/** A control's figures: the scalars as a description list, each table figure as a small table. */
export function FigureList({ figures, caption }: FigureListProps) {
  const entries = Object.entries(figures);
  const scalars = entries.filter((e): e is [string, Scalar] => !Array.isArray(e[1]));
  const tables = entries.filter((e): e is [string, Rows] => Array.isArray(e[1]));
  return (
    <div className="space-y-3">
      {scalars.length > 0 && (
        <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-2">
          {scalars.map(([key, value]) => (
            <div key={key} className="flex min-w-0 justify-between gap-3 border-b border-border/60 py-1">
              <dt className="text-muted">{labelOf(key)}</dt>
              <dd
                className="truncate text-right font-medium tabular-nums"
                data-figure={key}
                title={formatScalar(value)}
              >
                {formatScalar(value)}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {tables.map(([key, rows]) => (
        <FigureTable key={key} name={key} rows={rows} caption={`${caption}: ${labelOf(key)}`} />
      ))}
    </div>
  );
}

function FigureTable({ name, rows, caption }: { name: string; rows: Rows; caption: string }) {
  if (rows.length === 0) {
    return (
      <p className="text-sm text-muted">
        {labelOf(name)}: <span className="font-medium text-foreground">none</span>
      </p>
    );
  }
  const columns = Object.keys(rows[0] ?? {});
  return (
    <div>
      <p className="mb-1 text-xs font-medium text-muted">{labelOf(name)}</p>
      <div className="overflow-hidden rounded-md border border-border">
        <Table
          caption={caption}
          minWidthClass="min-w-[24rem]"
          head={columns.map((c) => (
            <Th key={c}>{labelOf(c)}</Th>
          ))}
        >
          {rows.map((row, i) => (
            <tr key={i} data-testid={`figure-row-${name}`}>
              {columns.map((c) => (
                <td key={c} className={`${tdClass} text-sm tabular-nums`}>
                  {formatScalar(row[c] ?? null)}
                </td>
              ))}
            </tr>
          ))}
        </Table>
      </div>
    </div>
  );
}

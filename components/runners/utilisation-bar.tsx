import { formatPercent } from "@/components/common/chart-format";

/** Props of {@link UtilisationBar}. */
export interface UtilisationBarProps {
  /** 0..1, or null when never online. */
  value: number | null;
  /** What is utilised, for the accessible name: "Pool linux, x64". */
  subject: string;
  className?: string;
}

/** Utilisation as a thin bar with its percentage; amber from 80%, red from 95% (capacity is short). */
export function UtilisationBar({ value, subject, className = "w-24" }: UtilisationBarProps) {
  if (value == null) return <span className="text-muted">—</span>;
  const clamped = Math.min(1, Math.max(0, value));
  const tone = clamped >= 0.95 ? "bg-red-500" : clamped >= 0.8 ? "bg-amber-500" : "bg-sky-500";
  return (
    <span className="inline-flex items-center gap-2">
      <span
        role="img"
        aria-label={`${subject}: ${formatPercent(value)} utilised`}
        className={`flex h-1.5 overflow-hidden rounded-full bg-surface-muted ring-1 ring-inset ring-border ${className}`}
      >
        <span className={`h-full ${tone}`} style={{ width: `${clamped * 100}%` }} />
      </span>
      <span aria-hidden className="w-12 text-right text-xs tabular-nums text-muted">
        {formatPercent(value, value < 0.1 ? 1 : 0)}
      </span>
    </span>
  );
}

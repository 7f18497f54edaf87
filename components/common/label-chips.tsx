/** Props of {@link LabelChips}. */
export interface LabelChipsProps {
  labels: string[];
  /** Show at most this many, then `+N`. */
  max?: number;
  /** Keep the chips on one line (dense tables). */
  nowrap?: boolean;
}

/** Runner labels as small monospace chips. */
export function LabelChips({ labels, max = 4, nowrap = false }: LabelChipsProps) {
  if (labels.length === 0) return null;
  const shown = labels.slice(0, max);
  const hidden = labels.length - shown.length;
  return (
    <ul className={`flex gap-1 ${nowrap ? "flex-nowrap overflow-hidden" : "flex-wrap"}`} aria-label="Labels">
      {shown.map((label) => (
        <li
          key={label}
          title={label}
          className="max-w-[12rem] shrink-0 truncate rounded border border-border bg-surface-muted px-1.5 py-px font-mono text-[11px] leading-4 text-muted"
        >
          {label}
        </li>
      ))}
      {hidden > 0 && (
        <li title={labels.slice(max).join(", ")} className="px-1 text-[11px] leading-4 text-muted">
          +{hidden}
        </li>
      )}
    </ul>
  );
}

import type { ReactNode } from "react";

/** Props of {@link Panel}. */
export interface PanelProps {
  title: ReactNode;
  /** id of the heading, for `aria-labelledby`. */
  headingId: string;
  actions?: ReactNode;
  children: ReactNode;
  "data-testid"?: string;
}

/** A titled card section. The heading takes programmatic focus (e.g. after the row that had focus is gone). */
export function Panel({ title, headingId, actions, children, "data-testid": testId }: PanelProps) {
  return (
    <section
      aria-labelledby={headingId}
      data-testid={testId}
      className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm"
    >
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-border px-4 py-3">
        <h2 id={headingId} tabIndex={-1} className="flex items-center gap-2 text-sm font-semibold">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

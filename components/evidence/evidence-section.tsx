import type { EvidenceSection } from "@/lib/evidence";
import { ControlStatusBadge } from "./control-status";
import { FigureList } from "./figures";

/** Props of {@link EvidenceSectionPanel}. */
export interface EvidenceSectionPanelProps {
  section: EvidenceSection;
}

/** One of the five questions: its worst status, then each control with its figures and how they were measured. */
export function EvidenceSectionPanel({ section }: EvidenceSectionPanelProps) {
  const headingId = `evidence-${section.id}`;
  return (
    <section
      aria-labelledby={headingId}
      data-testid={`evidence-section-${section.id}`}
      className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm"
    >
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-border px-4 py-3">
        <h2 id={headingId} className="text-base font-semibold">
          {section.title}
        </h2>
        <ControlStatusBadge status={section.status} />
      </div>
      <ul className="divide-y divide-border">
        {section.controls.map((control) => (
          <li
            key={control.id}
            data-testid="evidence-control"
            data-control={control.id}
            className="space-y-2 px-4 py-3"
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h3 className="text-sm font-semibold">{control.title}</h3>
              <ControlStatusBadge status={control.status} />
            </div>
            <FigureList figures={control.figures} caption={control.title} />
            <p className="text-xs text-muted">
              <span className="font-medium">How measured: </span>
              {control.measured}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

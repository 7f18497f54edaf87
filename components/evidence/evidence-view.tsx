"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { evidenceQuery } from "@/components/api/evidence-api";
import { formatDateTime } from "@/components/common/format";
import { QueryError, TableSkeleton } from "@/components/ui/query-state";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { EVIDENCE_WINDOWS, type EvidenceWindow } from "@/lib/evidence";
import { AccessReviewPanel } from "./access-review-panel";
import { EvidenceBundlePanel } from "./evidence-bundle-panel";
import { EvidenceSectionPanel } from "./evidence-section";

const WINDOW_NAMES: Record<EvidenceWindow, string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
};

/** The window the URL asks for (`?window=`), 24h when absent or unknown. */
export function windowFromParam(param: string | null): EvidenceWindow {
  return (EVIDENCE_WINDOWS as readonly string[]).includes(param ?? "") ? (param as EvidenceWindow) : "24h";
}

/**
 * The Evidence page's body: the window selector (kept in the URL), the five
 * sections, live (polled), and the access review.
 */
export function EvidenceView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const evidenceWindow = windowFromParam(params.get("window"));
  const evidence = useQuery(evidenceQuery(evidenceWindow));

  const setWindow = (next: EvidenceWindow) => {
    const search = new URLSearchParams(params.toString());
    if (next === "24h") search.delete("window");
    else search.set("window", next);
    const query = search.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SegmentedControl
          legend="Window"
          showLegend
          name="evidence-window"
          options={EVIDENCE_WINDOWS.map((value) => ({ value, label: value, name: WINDOW_NAMES[value] }))}
          value={evidenceWindow}
          onChange={setWindow}
        />
        {evidence.data && (
          <p className="text-xs text-muted" data-testid="evidence-generated">
            {`Measured ${formatDateTime(evidence.data.generatedAt)}; in-memory figures since ${formatDateTime(evidence.data.processStartedAt)}. Refreshes every 15 s.`}
          </p>
        )}
      </div>
      {evidence.isPending ? (
        <div className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm">
          <TableSkeleton label="Collecting the evidence" rows={8} />
        </div>
      ) : evidence.isError ? (
        <div className="rounded-xl border border-border bg-surface shadow-sm">
          <QueryError what="the evidence" error={evidence.error} onRetry={() => void evidence.refetch()} />
        </div>
      ) : (
        evidence.data.sections.map((section) => <EvidenceSectionPanel key={section.id} section={section} />)
      )}
      <EvidenceBundlePanel window={evidenceWindow} />
      <AccessReviewPanel />
    </div>
  );
}

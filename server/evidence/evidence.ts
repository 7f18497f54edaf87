/**
 * The evidence an auditor asks for, in five sections: security, performance,
 * compliance, integrity, resources. Every figure is computed for the request
 * from the store, the in-memory delivery window, the route table, the
 * settings and the process (see `evidence-deps.ts`).
 */
import {
  EVIDENCE_WINDOW_MS,
  worstStatus,
  type Evidence,
  type EvidenceControl,
  type EvidenceSectionId,
  type EvidenceWindow,
} from "../../lib/evidence";
import type { EvidenceDeps } from "./evidence-deps";
import {
  complianceControls,
  integrityControls,
  performanceControls,
  resourceControls,
} from "./operation-controls";
import { securityControls } from "./security-controls";

const TITLES: Record<EvidenceSectionId, string> = {
  security: "Is it secure?",
  performance: "How does it perform?",
  compliance: "Does it comply?",
  integrity: "Is the data intact?",
  resources: "What does it cost in resources?",
};

/** Collects the evidence for a window ending now. */
export async function collectEvidence(deps: EvidenceDeps, window: EvidenceWindow): Promise<Evidence> {
  const now = deps.clock.now();
  const span = { since: now - EVIDENCE_WINDOW_MS[window], now };
  const stored = await deps.store.storedCounts(span.since);
  const sections: [EvidenceSectionId, EvidenceControl[]][] = [
    ["security", await securityControls(deps, span)],
    ["performance", performanceControls(deps, span)],
    ["compliance", await complianceControls(deps, span)],
    ["integrity", await integrityControls(deps, span, stored)],
    ["resources", await resourceControls(deps, stored, span)],
  ];
  return {
    window,
    since: new Date(span.since).toISOString(),
    generatedAt: new Date(now).toISOString(),
    processStartedAt: new Date(deps.startedAt).toISOString(),
    sections: sections.map(([id, controls]) => ({
      id,
      title: TITLES[id],
      status: worstStatus(controls.map((c) => c.status)),
      controls,
    })),
  };
}

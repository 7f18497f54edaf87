/**
 * Alert rules on the stall radar's diagnoses (`dispatch_stall`,
 * `orphan_label`, `pool_exhausted`, `silent_source`, `stale_job`): each
 * diagnosis of the rule's kind that its globs match is a firing subject; a
 * diagnosis gone from the radar resolves (a missing subject is resolved as
 * gone, see `threshold-rules.ts`). Pure; the radar already applied the
 * thresholds (see server/domain/stall-radar.ts).
 */
import type { AlertRuleKind } from "../../lib/alerts";
import { DIAGNOSIS_KINDS, type Diagnosis, type DiagnosisKind } from "../../lib/stall";
import { dashboardPath, formatDuration, jobPath } from "./format";
import { matcherFor, type Observation, type ThresholdRule } from "./observation";

/** True for the rule kinds that are diagnoses. */
export const isDiagnosisKind = (kind: AlertRuleKind): kind is DiagnosisKind =>
  (DIAGNOSIS_KINDS as readonly string[]).includes(kind);

/** A diagnosis's subject: the job for `stale_job`, the source for `silent_source`, else the pool of its source. */
export const diagnosisSubject = (d: Diagnosis) =>
  d.kind === "stale_job" && d.jobId !== null
    ? d.jobId
    : d.pool === null
      ? d.source
      : JSON.stringify([d.source, d.pool]);

/**
 * One observation per diagnosis of the rule's kind its `label` glob (any of
 * the pool's labels) and `source` glob match; each holds.
 */
export function evaluateDiagnoses(
  rule: ThresholdRule,
  diagnoses: readonly Diagnosis[],
  now: number,
): Observation[] {
  const matches = matcherFor(rule);
  return diagnoses
    .filter((d) => d.kind === rule.kind)
    .filter((d) => matches({ source: d.source, ...(d.pool === null ? {} : { labels: d.pool.split(", ") }) }))
    .map((d) => ({
      subject: diagnosisSubject(d),
      holds: true,
      since: d.since,
      summary: d.detail,
      where: { source: d.source, ...(d.pool === null ? {} : { pool: d.pool }) },
      facts: [
        { label: "Diagnosis", value: d.kind },
        { label: "Since", value: `${formatDuration(Math.max(0, now - Date.parse(d.since)))} ago` },
      ],
      path:
        d.kind === "silent_source"
          ? "/sources"
          : d.kind === "stale_job" && d.jobId !== null
            ? jobPath(d.jobId)
            : dashboardPath("/queue", { source: d.source }),
    }));
}

/**
 * Fleet conditions: runners offline (one by one, or whole pools) and sources
 * gone silent. Pure; `now` is passed in. See `threshold-rules.ts`.
 */
import type { DeliveryStats } from "../../lib/sources";
import { poolOf, type Runner } from "../../lib/runner";
import { dashboardPath, formatDuration } from "./format";
import { matcherFor, thresholdOf, type Observation, type ThresholdRule } from "./observation";

const ago = (now: number, iso: string) => formatDuration(now - Date.parse(iso));

/**
 * runner_offline, scope `runner`: each matching runner (pass runners with
 * their effective status, see `effectiveRunner`) offline for at least the
 * threshold since it was last seen. Autoscaled fleets whose runners come and
 * go should use scope `pool` instead, or every scale-down would alert.
 */
export function evaluateRunnersOffline(
  rule: ThresholdRule,
  runners: readonly Runner[],
  now: number,
): Observation[] {
  const threshold = thresholdOf(rule);
  const matches = matcherFor(rule);
  return runners
    .filter((r) => matches({ source: r.source, labels: r.labels }))
    .map((r) => {
      const pool = poolOf(r.labels, r.group);
      return {
        subject: r.id,
        holds: r.status === "offline" && now - Date.parse(r.lastSeenAt) >= threshold,
        since: r.status === "offline" ? r.lastSeenAt : null,
        summary:
          r.status === "offline"
            ? `Runner ${r.name} (${pool}) is offline; last seen ${ago(now, r.lastSeenAt)} ago.`
            : `Runner ${r.name} (${pool}) is ${r.status}.`,
        where: { source: r.source, runner: r.name, pool },
        facts: [
          { label: "Status", value: r.status },
          { label: "Last seen", value: `${ago(now, r.lastSeenAt)} ago` },
        ],
        path: dashboardPath("/runners", { q: r.name, source: r.source }),
      };
    });
}

/**
 * runner_offline, scope `pool`: a pool (per source) whose every matching
 * runner is offline, the most recently seen one for at least the threshold.
 */
export function evaluatePoolsOffline(
  rule: ThresholdRule,
  runners: readonly Runner[],
  now: number,
): Observation[] {
  const threshold = thresholdOf(rule);
  const matches = matcherFor(rule);
  const pools = new Map<string, { source: string; pool: string; runners: Runner[] }>();
  for (const r of runners) {
    if (!matches({ source: r.source, labels: r.labels })) continue;
    const pool = poolOf(r.labels, r.group);
    const key = JSON.stringify([r.source, pool]);
    const entry = pools.get(key) ?? { source: r.source, pool, runners: [] };
    entry.runners.push(r);
    pools.set(key, entry);
  }
  return [...pools].map(([subject, { source, pool, runners: members }]) => {
    const online = members.filter((r) => r.status !== "offline").length;
    const lastSeen = members
      .map((r) => r.lastSeenAt)
      .reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
    return {
      subject,
      holds: online === 0 && now - Date.parse(lastSeen) >= threshold,
      since: online === 0 ? lastSeen : null,
      summary:
        online === 0
          ? `All ${members.length} runners of pool ${pool} (${source}) are offline; the last was seen ${ago(now, lastSeen)} ago.`
          : `${online} of ${members.length} runners of pool ${pool} (${source}) are online.`,
      where: { source, pool },
      facts: [
        { label: "Runners online", value: `${online} of ${members.length}` },
        { label: "Last seen", value: `${ago(now, lastSeen)} ago` },
      ],
      path: dashboardPath("/runners", { source }),
    };
  });
}

/** What source_silent reads of a source's delivery health (`DeliveryStats`, or `SourceHealth` with `configured`). */
export type SourceSilence = Pick<DeliveryStats, "source" | "lastAcceptedAt"> & { configured?: boolean };

/**
 * source_silent, per source: no accepted delivery for at least the threshold.
 * An unconfigured endpoint is skipped (it refuses everything by design), and
 * one that never accepted anything is unknown (`holds: null`): silence means
 * a source that spoke has stopped; one that never did is a setup problem the
 * Sources page already shows.
 */
export function evaluateSourcesSilent(
  rule: ThresholdRule,
  sources: readonly SourceSilence[],
  now: number,
): Observation[] {
  const threshold = thresholdOf(rule);
  const matches = matcherFor(rule);
  return sources
    .filter((s) => s.configured !== false && matches({ source: s.source }))
    .map((s) => {
      const last = s.lastAcceptedAt;
      return {
        subject: s.source,
        holds: last === null ? null : now - Date.parse(last) >= threshold,
        since: last,
        summary:
          last === null
            ? `${s.source} has not delivered anything yet.`
            : `No delivery accepted from ${s.source} for ${ago(now, last)} (threshold ${formatDuration(threshold)}).`,
        where: { source: s.source },
        facts: [
          { label: "Last accepted", value: last === null ? "never" : `${ago(now, last)} ago` },
          { label: "Threshold", value: formatDuration(threshold) },
        ],
        path: "/sources",
      };
    });
}

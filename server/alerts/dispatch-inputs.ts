/**
 * What the threshold rules of one tick read, fetched through the same metric
 * functions the dashboard uses (so an alert and the page it links to agree),
 * and each distinct query run once per tick however many rules need it.
 */
import { RULE_KIND_SPECS, type AlertRule, type MatchKey } from "../../lib/alerts";
import type { JobSource } from "../../lib/job";
import type { SloStatus } from "../../lib/slo";
import { toWaitingJob } from "../../lib/metrics";
import { isStuck } from "../domain/capacity";
import { effectiveRunner } from "../domain/runner-state";
import { metricsQueue } from "../metrics/fleet";
import { readRadar } from "../metrics/stall";
import { metricsWorkflows } from "../metrics/workflows";
import type { FleetReads, MetricsStore } from "../store/store";
import { exactFilter } from "./glob";
import { windowOf, windowText } from "./observation";
import { THRESHOLD_INPUTS, type ThresholdData } from "./threshold-rules";

/** A webhook endpoint and whether its secret is set (source_silent skips those that refuse everything). */
export interface SourceConfig {
  source: JobSource;
  configured: boolean;
}

/** What the inputs of one tick are read with. */
export interface TickContext {
  store: MetricsStore &
    Pick<
      FleetReads,
      "listRunners" | "listDeliveryStats" | "listPoolKinds" | "usage" | "runningJobs" | "deliveryTimes"
    >;
  now: number;
  runnerOfflineAfterMs: number;
  sources: readonly SourceConfig[];
  /** Every SLO's status now (slo_burn); without it slo_burn rules skip the tick. */
  slos?: () => Promise<readonly SloStatus[]>;
}

/** The regression baseline, as the Insights page compares against by default. */
const BASELINE = "28d";

/** The rule's wildcard-free patterns among the keys its kind takes, as metric filters. */
function filterOf(rule: Pick<AlertRule, "kind" | "match">) {
  const spec = RULE_KIND_SPECS[rule.kind];
  const allowed = new Set<MatchKey>([...spec.glob, ...spec.exact]);
  const exact = exactFilter(rule.match);
  const pick = (key: MatchKey) => (allowed.has(key) ? exact[key] : undefined);
  return {
    repo: pick("repo"),
    branch: pick("branch"),
    workflow: pick("workflow"),
    job: pick("job"),
    label: pick("label"),
    // The rule schema only lets a known source through as an exact pattern.
    source: pick("source") as JobSource | undefined,
  };
}

/**
 * A loader for one tick: `dataFor(rule)` resolves with the list the rule's
 * kind reads (see `THRESHOLD_INPUTS`), sharing queries between rules.
 */
export function tickInputs(ctx: TickContext): (rule: AlertRule) => Promise<ThresholdData> {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let loaded = memo.get(key) as Promise<T> | undefined;
    if (!loaded) memo.set(key, (loaded = load()));
    return loaded;
  };
  const { store, now } = ctx;
  const runners = () =>
    once("runners", async () =>
      // Retired runners (hosted or ephemeral, their job over) are gone, not offline: no alert for them.
      (await store.listRunners())
        .map((r) => effectiveRunner(r, now, ctx.runnerOfflineAfterMs))
        .filter((r) => !r.retired),
    );
  const fleet = { store, now, runnerOfflineAfterMs: ctx.runnerOfflineAfterMs };

  return async (rule) => {
    if (rule.kind === "job_state") return {};
    const filter = filterOf(rule);
    const window = windowText(windowOf(rule));
    switch (THRESHOLD_INPUTS[rule.kind]) {
      case "pools": {
        // Only the source narrows the query: the label is a glob the evaluator matches per pool.
        const query = { window, source: filter.source, stuckAfterMinutes: 15 };
        const pools = await once(
          `pools:${JSON.stringify(query)}`,
          async () => (await metricsQueue(fleet, query)).pools,
        );
        return { pools };
      }
      case "waiting": {
        // Every waiting job, stuck as of now whatever its age: each rule applies its own threshold.
        const waiting = await once("waiting", async () => {
          const [jobs, fleetRunners] = await Promise.all([store.waitingJobs({}), runners()]);
          return jobs.map((job) => toWaitingJob(job, isStuck(job, fleetRunners, now, 0)));
        });
        return { waiting };
      }
      case "workflows": {
        // No `limit` cut: a workflow missing from a tick would read as resolved.
        const query = {
          ...filter,
          window,
          baseline: BASELINE,
          threshold: 0.2,
          limit: Number.MAX_SAFE_INTEGER,
        };
        const workflows = await once(
          `workflows:${JSON.stringify(query)}`,
          async () => (await metricsWorkflows(store, query, now)).slowest,
        );
        return { workflows };
      }
      case "runners":
        return { runners: await runners() };
      case "sources": {
        const sources = await once("sources", async () => {
          const stats = new Map((await store.listDeliveryStats()).map((s) => [s.source, s]));
          return ctx.sources.map(({ source, configured }) => ({
            source,
            configured,
            lastAcceptedAt: stats.get(source)?.lastAcceptedAt ?? null,
          }));
        });
        return { sources };
      }
      case "slos": {
        const { slos } = ctx;
        return slos ? { slos: await once("slos", slos) } : {};
      }
      case "diagnoses": {
        // One radar pass per tick, unfiltered: each rule's globs pick its diagnoses.
        const diagnoses = await once("diagnoses", async () => (await readRadar(fleet)).diagnoses);
        return { diagnoses };
      }
    }
  };
}

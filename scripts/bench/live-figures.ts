/** The issue-13 targets, and the figures table built from what the live sections measured. */
import type { BuildOutcome } from "./browser";
import { figure, notMeasured, type Figure } from "./figures";
import type { IngestResults, StoreResults } from "./live";
import type { EndpointResult } from "./report";
import type { RuntimeStats } from "./runtime";

/** Issue 13's targets. */
export const LIVE_TARGETS = {
  /** Runwatch's acknowledged deliveries per second ÷ the verify+parse baseline's. */
  ingestRatio: 0.9,
  /** p99 acknowledgement at 70% of the highest rate, ms. */
  ackP99AtLoadMs: 20,
  /** The slowest acknowledgement of the 5,000-delivery burst, ms (GitHub's timeout). */
  burstSlowestMs: 10_000,
  /** Throughput over the last 500 jobs of the growing run ÷ over the first 500. */
  growingRatio: 0.9,
  pushP50Ms: 20,
  pushP99Ms: 100,
  eventLoopP99Ms: 20,
  rssMb: 300,
  firstRowsMs: 1_000,
  metricsP95Ms: 100,
} as const;

const T = LIVE_TARGETS;

function eventLoop(section: string, runtime: RuntimeStats | null, during: string): Figure {
  return runtime
    ? figure({
        section,
        name: `event-loop lag p99 during ${during} (/api/v1/runtime)`,
        value: runtime.eventLoop.p99Ms,
        unit: "ms",
        target: { max: T.eventLoopP99Ms },
        note: `max ${runtime.eventLoop.maxMs.toFixed(0)} ms`,
      })
    : notMeasured({
        section,
        name: `event-loop lag p99 during ${during}`,
        unit: "ms",
        target: { max: T.eventLoopP99Ms },
        reason: "server has no GET /api/v1/runtime",
      });
}

/** Figures of the ingest section. */
export function ingestFigures(r: IngestResults): Figure[] {
  const out: Figure[] = [];
  const s = "ingest";
  if (r.comparison.ok) {
    const c = r.comparison.value;
    const vp = c.verifyParse;
    out.push(
      figure({ section: s, name: "baseline: read body, deliveries/s", value: c.read.perSecond, unit: "/s" }),
      figure({ section: s, name: "baseline: verify + parse, deliveries/s", value: vp.perSecond, unit: "/s" }),
      figure({
        section: s,
        name: `Runwatch deliveries/s (${c.connections} connections)`,
        value: c.runwatch.perSecond,
        unit: "/s",
        baseline: vp.perSecond,
        target: { min: T.ingestRatio },
        targetOnRatio: true,
        note: `${c.runwatch.failed} failed; ${(c.runwatch.meanBytes / 1024).toFixed(1)} KB each`,
      }),
      figure({
        section: s,
        name: "p50 ack",
        value: c.runwatch.latency.p50,
        unit: "ms",
        baseline: vp.latency.p50,
      }),
      figure({
        section: s,
        name: "p99 ack",
        value: c.runwatch.latency.p99,
        unit: "ms",
        baseline: vp.latency.p99,
      }),
      figure({
        section: s,
        name: `p99 ack at 70% of max (${c.openLoop.rate}/s, open loop)`,
        value: c.openLoop.latency.p99,
        unit: "ms",
        target: { max: T.ackP99AtLoadMs },
        note: `p50 ${c.openLoop.latency.p50.toFixed(1)} ms; ${c.openLoop.failed} failed`,
      }),
      figure({ section: s, name: "GET /healthz p99 during ingest", value: c.healthz.p99, unit: "ms" }),
    );
  } else
    out.push(notMeasured({ section: s, name: "ingest comparison", unit: "", reason: r.comparison.error }));
  out.push(eventLoop(s, r.runtime, "ingest"));
  if (r.burst.ok) {
    const b = r.burst.value;
    out.push(
      figure({
        section: "burst",
        name: `${b.deliveries.toLocaleString("en-US")} over ${b.connections} connections: acknowledged`,
        value: (b.acknowledged * 100) / b.deliveries,
        unit: "%",
        target: { min: 100 },
        note:
          (b.failed ? `answers ${JSON.stringify(b.statuses)}` : "") +
          (b.acknowledged + b.failed < b.deliveries
            ? ` ${(b.deliveries - b.acknowledged - b.failed).toLocaleString("en-US")} not sent by the time cap`
            : ""),
      }),
      figure({
        section: "burst",
        name: "slowest acknowledgement",
        value: b.slowestMs,
        unit: "ms",
        target: { max: T.burstSlowestMs },
        note: `all in ${(b.totalMs / 1000).toFixed(1)} s; p99 ${b.latency.p99.toFixed(0)} ms`,
      }),
    );
  } else out.push(notMeasured({ section: "burst", name: "burst", unit: "", reason: r.burst.error }));
  if (r.growing.ok) {
    const g = r.growing.value;
    out.push(
      figure({
        section: "growing run",
        name: `last ${g.window} ÷ first ${g.window} jobs, deliveries/s`,
        value: g.lastPerSecond,
        unit: "/s",
        baseline: g.firstPerSecond,
        target: { min: T.growingRatio },
        targetOnRatio: true,
        note:
          `${g.jobs.toLocaleString("en-US")} jobs in one run, ${(g.totalMs / 1000).toFixed(1)} s` +
          (g.capped ? ` (time cap: ${g.target.toLocaleString("en-US")} not reached)` : ""),
      }),
    );
  } else
    out.push(notMeasured({ section: "growing run", name: "growing run", unit: "", reason: r.growing.error }));
  return out;
}

/** Figures measured on the generated store: push, memory, browser, event loop. */
export function storeFigures(r: StoreResults, build: BuildOutcome | null): Figure[] {
  const out: Figure[] = [];
  if (r.push) {
    if (r.push.ok) {
      const p = r.push.value;
      const setup = `${p.dashboards.toLocaleString("en-US")} dashboards × ${p.rate}/s`;
      out.push(
        figure({
          section: "push",
          name: `POST → update p50 (${setup})`,
          value: p.latency.p50,
          unit: "ms",
          target: { max: T.pushP50Ms },
          note: `client CPU ${p.clientCpuPct.toFixed(0)}% of a core`,
        }),
        figure({
          section: "push",
          name: "POST → update p99",
          value: p.latency.p99,
          unit: "ms",
          target: { max: T.pushP99Ms },
        }),
        figure({ section: "push", name: "POST → update max", value: p.latency.max, unit: "ms" }),
        figure({
          section: "push",
          name: "updates delivered",
          value: p.deliveredPct,
          unit: "%",
          target: { min: 100 },
          note: `${p.received.toLocaleString("en-US")} / ${p.expected.toLocaleString("en-US")}; ${p.acknowledged} webhooks acknowledged, ${p.failed} failed`,
        }),
        figure({ section: "push", name: "GET /healthz p99 during push", value: p.healthz.p99, unit: "ms" }),
        figure({
          section: "memory",
          name: `server RSS, ${r.jobs.toLocaleString("en-US")} jobs + ${p.dashboards.toLocaleString("en-US")} dashboards`,
          value: p.rssConnectedMb,
          unit: "MB",
          target: { max: T.rssMb },
          note: `idle ${r.rssIdleMb?.toFixed(0) ?? "?"} MB; peak during push ${p.rssPeakMb?.toFixed(0) ?? "?"} MB; ${r.server}`,
        }),
      );
    } else out.push(notMeasured({ section: "push", name: "push", unit: "", reason: r.push.error }));
    out.push(eventLoop("push", r.runtime, "push"));
  }
  if (build)
    out.push(
      build.ok
        ? figure({
            section: "browser",
            name: "dashboard build (next build)",
            value: build.ms,
            unit: "ms",
            note: build.built ? "built now" : "up to date: not rebuilt",
          })
        : notMeasured({
            section: "browser",
            name: "dashboard build (next build)",
            unit: "ms",
            reason: build.reason,
          }),
    );
  if (r.browser) {
    const name = `Live page first rows, ${r.jobs.toLocaleString("en-US")} jobs (median of later loads)`;
    out.push(
      r.browser.ok
        ? figure({
            section: "browser",
            name,
            value: r.browser.value.medianMs,
            unit: "ms",
            target: { max: T.firstRowsMs },
            note:
              `first load ${r.browser.value.firstMs.toFixed(0)} ms; ` +
              `${r.browser.value.activeRows} in progress (${r.browser.value.activeAdded} deliveries added) + ` +
              `${r.browser.value.finishedRows} finished rows`,
          })
        : notMeasured({
            section: "browser",
            name,
            unit: "ms",
            target: { max: T.firstRowsMs },
            reason: r.browser.error,
          }),
    );
    if (r.browser.ok)
      for (const page of r.browser.value.pages)
        out.push(
          figure({
            section: "browser",
            name: `${page.name} (${page.path}) first rows (median of later loads)`,
            value: page.medianMs,
            unit: "ms",
            target: { max: T.firstRowsMs },
            note:
              `first load ${page.firstMs.toFixed(0)} ms; HTML at ${page.htmlMs.toFixed(0)} ms; ` +
              `${page.scriptKib.toFixed(0)} KiB of script`,
          }),
        );
  }
  return out;
}

/** The slowest metrics endpoint's p95 against issue 13's ≤ 100 ms for every metrics endpoint. */
export function metricsFigure(endpoints: readonly EndpointResult[], jobs: number): Figure {
  const measured = endpoints.filter((e) => e.latency && e.path.startsWith("/api/v1/metrics/"));
  const worst = measured.sort((a, b) => (b.latency?.p95 ?? 0) - (a.latency?.p95 ?? 0))[0];
  const name = `slowest metrics endpoint p95, ${jobs.toLocaleString("en-US")} jobs`;
  if (!worst?.latency)
    return notMeasured({
      section: "metrics",
      name,
      unit: "ms",
      target: { max: T.metricsP95Ms },
      reason: "no metrics endpoint measured",
    });
  const over = measured.filter((e) => (e.latency?.p95 ?? 0) > T.metricsP95Ms).length;
  return figure({
    section: "metrics",
    name,
    value: worst.latency.p95,
    unit: "ms",
    target: { max: T.metricsP95Ms },
    note: `${worst.id}; ${over} of ${measured.length} over ${T.metricsP95Ms} ms`,
  });
}

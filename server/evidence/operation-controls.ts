/**
 * The performance, compliance, integrity and resources sections of the
 * evidence. The status rules are documented in docs/evidence.md; change both
 * together.
 */
import fs from "node:fs/promises";
import path from "node:path";
import type { EvidenceControl } from "../../lib/evidence";
import { sketchQuantiles } from "../domain/sketch";
import { daysBetween, isoOrNull, type EvidenceDeps, type EvidenceSpan } from "./evidence-deps";
import type { StoredCounts } from "../store/store";

/** GitHub and GitLab give up on a delivery not acknowledged within 10 s. */
export const VENDOR_WINDOW_MS = 10_000;
/** An access review older than this (a quarter) needs doing again. */
export const REVIEW_EVERY_DAYS = 90;
/** Event-loop lag p99 above this slows every answer. */
export const LAG_ATTENTION_MS = 100;
/** Alert notifications queued above this are not keeping up. */
export const OUTBOX_ATTENTION = 100;
/** A push p99 above this reads `attention`: updates are batched every 16–100 ms, so this means a backlog. */
export const PUSH_ATTENTION_MS = 1000;

const round = (value: number | null, digits = 1) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/** Webhook acknowledgement latency per source against the vendors' window; refusals for load. */
export function performanceControls(deps: EvidenceDeps, span: EvidenceSpan): EvidenceControl[] {
  const window = deps.deliveries.read(span.since);
  const rows = deps.sources.map(({ source }) => {
    const sketch = window.get(source)?.ackMs;
    const [p50, p95, p99] = sketch ? sketchQuantiles(sketch, [0.5, 0.95, 0.99]) : [null, null, null];
    return {
      source,
      acknowledged: sketch?.count ?? 0,
      p50Ms: round(p50 ?? null),
      p95Ms: round(p95 ?? null),
      p99Ms: round(p99 ?? null),
      maxMs: round(sketch?.max ?? null),
      vendorWindowMs: VENDOR_WINDOW_MS,
    };
  });
  const worstP99 = Math.max(0, ...rows.map((r) => r.p99Ms ?? 0));
  const load = deps.sources.map(({ source }) => ({
    source,
    refusedForLoad: window.get(source)?.counts.refusedForLoad ?? 0,
  }));
  const refused = load.reduce((n, r) => n + r.refusedForLoad, 0);
  const pushRows = deps.sources.map(({ source }) => {
    const sketch = window.get(source)?.pushMs;
    const [p50, p95, p99] = sketch ? sketchQuantiles(sketch, [0.5, 0.95, 0.99]) : [null, null, null];
    return {
      source,
      updates: sketch?.count ?? 0,
      p50Ms: round(p50 ?? null),
      p95Ms: round(p95 ?? null),
      p99Ms: round(p99 ?? null),
    };
  });
  const worstPushP99 = Math.max(0, ...pushRows.map((r) => r.p99Ms ?? 0));
  return [
    {
      id: "performance.ack-latency",
      title: "Webhooks are acknowledged inside the vendors' window",
      status: worstP99 > VENDOR_WINDOW_MS ? "fail" : worstP99 > VENDOR_WINDOW_MS / 2 ? "attention" : "pass",
      figures: { sources: rows, worstP99Ms: rows.some((r) => r.p99Ms !== null) ? worstP99 : null },
      measured:
        "Time from the body being received to the acknowledgement being ready (after the batch holding the " +
        "delivery committed durably), per acknowledged delivery, in an in-memory quantile sketch (within " +
        "0.5 %) per hour since this server started. Network time to the vendor is not included.",
    },
    {
      id: "performance.push-latency",
      title: "Dashboards hear of a change within a second",
      status: worstPushP99 > PUSH_ATTENTION_MS ? "attention" : "pass",
      figures: {
        sources: pushRows,
        worstP99Ms: pushRows.some((r) => r.p99Ms !== null) ? worstPushP99 : null,
      },
      measured:
        "Per job update, the time from its change being committed (right after the delivery's batch, so " +
        "before its acknowledgement is sent) to its live update being sent by this node, in an in-memory " +
        "quantile sketch per hour since this server started. Webhook to dashboard is this plus the " +
        "acknowledgement time above; `npm run bench` measures it end to end at a real client.",
    },
    {
      id: "performance.load-refusals",
      title: "No delivery refused for load",
      status: refused > 0 ? "attention" : "pass",
      figures: { refusedForLoad: refused, sources: load },
      measured:
        "429 (webhook rate limit) and 503 (draining or overloaded) answers on webhook routes, counted as " +
        "they are sent, since this server started. Vendors retry these.",
    },
  ];
}

/** Retention and the last purge, settings changes, and the access review. */
export async function complianceControls(deps: EvidenceDeps, span: EvidenceSpan): Promise<EvidenceControl[]> {
  const [purge, review, actions] = await Promise.all([
    deps.store.latestAudit("retention.purged"),
    deps.store.latestAudit("access.reviewed"),
    deps.store.countAuditActions(span.since),
  ]);
  const reviewAge = review ? daysBetween(Date.parse(review.at), span.now) : null;
  const s = deps.settings;
  return [
    {
      id: "compliance.retention",
      title: "Job data is kept only as long as the policy says",
      status: "pass",
      figures: {
        retentionDays: s.retentionDays,
        lastPurgeAt: purge?.at ?? null,
        lastPurgeJobs: typeof purge?.details.jobs === "number" ? purge.details.jobs : null,
        lastPurgeDeliveries: typeof purge?.details.deliveries === "number" ? purge.details.deliveries : null,
        purgesInWindow: actions.get("retention.purged")?.entries ?? 0,
      },
      measured:
        "RUNWATCH_RETENTION_DAYS in force; the last purge from the audit log (`retention.purged`, recorded " +
        "with its counts whenever a purge removed rows).",
    },
    {
      id: "compliance.settings",
      title: "Settings in force and their changes",
      status: "pass",
      figures: {
        settingsChangesInWindow: actions.get("settings.changed")?.entries ?? 0,
        settings: [
          { setting: "RUNWATCH_AUTH", value: s.authRequired ? "on" : "off" },
          { setting: "RUNWATCH_RETENTION_DAYS", value: s.retentionDays },
          { setting: "RUNWATCH_SESSION_TTL (hours)", value: s.sessionTtlMs / 3_600_000 },
          { setting: "RUNWATCH_TLS_CERT", value: s.tls ? "set" : "unset" },
          { setting: "RUNWATCH_PUBLIC_URL", value: s.publicUrl },
          { setting: "RUNWATCH_METRICS_PUBLIC", value: s.metricsPublic ? "on" : "off" },
          { setting: "RUNWATCH_BODY_LIMIT (bytes)", value: s.bodyLimit },
          { setting: "REDIS_URL", value: s.redisUrl ? "set" : "unset" },
        ],
      },
      measured:
        "The parsed settings this process runs with (secrets shown only as set/unset); changes from the " +
        "audit log (`settings.changed`).",
    },
    {
      id: "compliance.access-review",
      title: `Access is reviewed every ${REVIEW_EVERY_DAYS} days`,
      status: reviewAge === null || reviewAge > REVIEW_EVERY_DAYS ? "attention" : "pass",
      figures: {
        lastReviewAt: review?.at ?? null,
        lastReviewer: review?.actor ?? null,
        daysSinceReview: reviewAge,
        reviewsInWindow: actions.get("access.reviewed")?.entries ?? 0,
      },
      measured: "The last `access.reviewed` entry of the audit log (recorded by Record review on /evidence).",
    },
  ];
}

/** The audit chain, duplicates absorbed, lost jobs, and raw deliveries kept. */
export async function integrityControls(
  deps: EvidenceDeps,
  span: EvidenceSpan,
  stored: StoredCounts,
): Promise<EvidenceControl[]> {
  const verification = await (deps.verifyAudit ? deps.verifyAudit() : deps.store.verifyAudit());
  const window = deps.deliveries.read(span.since);
  const duplicates = deps.sources.map(({ source }) => ({
    source,
    duplicatesAbsorbed: window.get(source)?.counts.duplicate ?? 0,
  }));
  const storedStats = await deps.store.listDeliveryStats();
  return [
    {
      id: "integrity.audit-chain",
      title: "The audit log is intact",
      status: verification.ok ? "pass" : "fail",
      figures: {
        intact: verification.ok,
        entries: verification.count,
        headSeq: verification.ok ? (verification.head?.seq ?? null) : null,
        brokenAt: verification.ok ? null : verification.brokenAt,
        reason: verification.ok ? null : verification.reason,
        problem: verification.ok ? null : (verification.problem ?? null),
        checkpointSeq: verification.ok ? (verification.checkpoint?.seq ?? null) : null,
        checkpointAt: verification.ok ? (verification.checkpoint?.at ?? null) : null,
        verifiedAt: new Date(span.now).toISOString(),
      },
      measured:
        "A full verification of the keyed hash chain, entry by entry, run for this answer, then of its head " +
        "against the latest checkpoint written outside the database (so removed newest entries are detected).",
    },
    {
      id: "integrity.duplicates",
      title: "Redeliveries are absorbed, not applied twice",
      status: "pass",
      figures: {
        sources: duplicates,
        duplicatesSinceInstall: storedStats.reduce((n, s) => n + (s.counts.duplicate ?? 0), 0),
      },
      measured:
        "Deliveries whose (source, delivery id) was already stored: not applied again. Window counts since " +
        "this server started; the total from the stored delivery counters. Out-of-order events are merged by " +
        "event time, never by arrival.",
    },
    {
      id: "integrity.lost-jobs",
      title: "Jobs that went silent are detected",
      status: stored.lostJobs > 0 ? "attention" : "pass",
      figures: { lostJobsInWindow: stored.lostJobs },
      measured:
        "Jobs created in the window and flagged lost by the watchdog (active, no event for too long).",
    },
    {
      id: "integrity.raw-deliveries",
      title: "Every stored job keeps the raw delivery it came from",
      status: stored.jobsWithoutDelivery > 0 ? "attention" : "pass",
      figures: {
        jobs: stored.jobs,
        deliveries: stored.deliveries,
        jobsWithoutOwnDelivery: stored.jobsWithoutDelivery,
      },
      measured:
        "Jobs that no stored delivery names as its job. A delivery names its first job only, so a job " +
        "reported only inside a multi-job delivery, or one whose first delivery retention purged, is counted.",
    },
  ];
}

// CPU is measured between two evidence reads (the first covers since start-up).
let lastCpu = { usage: process.cpuUsage(), at: performance.now() };

/** CPU, memory, event-loop lag, database size, live dashboards and the alert outbox. */
export async function resourceControls(
  deps: EvidenceDeps,
  stored: StoredCounts,
  span: EvidenceSpan,
): Promise<EvidenceControl[]> {
  const now = performance.now();
  const usage = process.cpuUsage(lastCpu.usage);
  const cpuPercent = ((usage.user + usage.system) / 1000 / Math.max(1, now - lastCpu.at)) * 100;
  lastCpu = { usage: process.cpuUsage(), at: now };
  const memory = process.memoryUsage();
  const lag = deps.eventLoopLag();
  const mb = (bytes: number) => round(bytes / 1_048_576);
  const sizeOf = (file: string) =>
    fs.stat(path.join(deps.settings.dataDir, file)).then(
      (s) => s.size,
      () => 0,
    );
  // PostgreSQL reports its own size (its files are on the database host); SQLite's are in the data folder.
  const reported = await deps.store.databaseBytes();
  const [db, wal] =
    reported !== null
      ? [reported, 0]
      : await Promise.all([sizeOf("runwatch.sqlite"), sizeOf("runwatch.sqlite-wal")]);
  const days = Math.max(1 / 24, (span.now - span.since) / 86_400_000);
  return [
    {
      id: "resources.process",
      title: "The server has headroom",
      status: lag.p99Ms > LAG_ATTENTION_MS ? "attention" : "pass",
      figures: {
        cpuPercent: round(cpuPercent),
        rssMb: mb(memory.rss),
        heapUsedMb: mb(memory.heapUsed),
        eventLoopLagP50Ms: round(lag.p50Ms),
        eventLoopLagP99Ms: round(lag.p99Ms),
        eventLoopLagMaxMs: round(lag.maxMs),
        startedAt: isoOrNull(deps.startedAt),
      },
      measured:
        "process.cpuUsage over the time since the previous evidence read (one core = 100 %), " +
        "process.memoryUsage now, and the event-loop monitor's recent lag percentiles.",
    },
    {
      id: "resources.storage",
      title: "Database size",
      status: "pass",
      figures: {
        databaseMb: mb(db),
        writeAheadLogMb: mb(wal),
        jobs: stored.jobs,
        deliveries: stored.deliveries,
        deliveriesPerDay: round(stored.deliveriesSince / days),
        growthMbPerDay:
          stored.deliveries === 0
            ? 0
            : mb(((db + wal) * (stored.deliveriesSince / stored.deliveries)) / days),
      },
      measured:
        "Size of the SQLite file and its write-ahead log in the data folder, now (on PostgreSQL: " +
        "pg_database_size of the database, its write-ahead log not counted). Growth per day: the webhook " +
        "deliveries received in the window over its days, and the database's size in proportion to that " +
        "share of its deliveries (an estimate: each delivery, with the job state it brought, taken as an " +
        "equal share of the file; retention bounds the total).",
    },
    {
      id: "resources.live",
      title: "Live connections and queued notifications",
      status: stored.outboxDepth > OUTBOX_ATTENTION ? "attention" : "pass",
      figures: { connectedDashboards: deps.dashboards(), outboxDepth: stored.outboxDepth },
      measured: "Socket.IO connections on this node now; alert notifications pending in the outbox.",
    },
  ];
}

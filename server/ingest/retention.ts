/**
 * Retention: purges job events older than `RUNWATCH_RETENTION_DAYS` and
 * records each purge that removed anything in the audit log. The audit log
 * itself is never purged.
 */
import type { Clock } from "../domain/clock";
import type { AuditStore, MaintenanceStore } from "../store/store";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The instant before which job events are purged. */
export function retentionCutoff(now: number, days: number): number {
  return now - days * DAY_MS;
}

/** What one retention run did. */
export interface RetentionRun {
  cutoff: number;
  jobs: number;
  deliveries: number;
}

/** Runs one purge now; appends `retention.purged` (actor `system`) when rows were removed. */
export async function runRetention(options: {
  store: Pick<MaintenanceStore, "purgeJobsBefore"> & Pick<AuditStore, "appendAudit">;
  clock: Clock;
  days: number;
}): Promise<RetentionRun> {
  const { store, clock, days } = options;
  const cutoff = retentionCutoff(clock.now(), days);
  const counts = await store.purgeJobsBefore(cutoff);
  if (counts.jobs > 0 || counts.deliveries > 0) {
    await store.appendAudit(
      {
        actor: "system",
        action: "retention.purged",
        details: { days, cutoff: new Date(cutoff).toISOString(), ...counts },
      },
      clock.now(),
    );
  }
  return { cutoff, ...counts };
}

/**
 * Runs `runRetention` now and then every `everyMs` (default hourly) until
 * `stop()`. A failed run is reported to `onError` and retried next time. The
 * timer does not keep the process alive.
 */
export function scheduleRetention(options: {
  store: Pick<MaintenanceStore, "purgeJobsBefore"> & Pick<AuditStore, "appendAudit">;
  clock: Clock;
  days: number;
  everyMs?: number;
  onRun?: (run: RetentionRun) => void;
  onError: (error: unknown) => void;
  /** Whether a tick may purge on this node now (its lease; see `server/leases`); default always. */
  mayRun?: () => boolean;
}): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    // Skip a tick while the previous purge is still going.
    if (stopped || running || options.mayRun?.() === false) return;
    running = runRetention(options)
      .then(
        (run) => options.onRun?.(run),
        (error: unknown) => options.onError(error),
      )
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, options.everyMs ?? 60 * 60 * 1000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

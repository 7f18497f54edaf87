/**
 * Recording audit entries from the request path. Entries that an attacker can
 * cause in bulk (bad signatures, rate-limit trips) are throttled per subject:
 * at most one entry a minute, carrying how many were folded into it, so a
 * flood cannot flood the log.
 */
import type { AuditStore } from "../store/store";
import type { AuditInput } from "../domain/audit-chain";
import type { Clock } from "../domain/clock";

const THROTTLE_MS = 60_000;
const MAX_SUBJECTS = 10_000;

/** Appends audit entries; never throws into the caller (a failed append is reported to `onError`). */
export interface AuditRecorder {
  record(input: AuditInput): Promise<void>;
  /** Like `record`, but at most once a minute per `subject`; later calls in the minute are counted. */
  recordThrottled(subject: string, input: AuditInput): Promise<void>;
}

/** Creates the recorder. */
export function createAuditRecorder(
  store: Pick<AuditStore, "appendAudit">,
  clock: Clock,
  onError: (error: unknown) => void,
): AuditRecorder {
  const recent = new Map<string, { at: number; suppressed: number }>();
  const record = async (input: AuditInput) => {
    try {
      await store.appendAudit(input, clock.now());
    } catch (error) {
      onError(error);
    }
  };
  return {
    record,
    async recordThrottled(subject, input) {
      const now = clock.now();
      const last = recent.get(subject);
      if (last && now - last.at < THROTTLE_MS) {
        last.suppressed += 1;
        return;
      }
      if (recent.size >= MAX_SUBJECTS) recent.clear();
      recent.set(subject, { at: now, suppressed: 0 });
      const suppressed = last?.suppressed ?? 0;
      await record(
        suppressed > 0 ? { ...input, details: { ...input.details, suppressedBefore: suppressed } } : input,
      );
    },
  };
}

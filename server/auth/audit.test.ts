import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../lib/auth";
import type { AuditInput } from "../domain/audit-chain";
import { manualClock } from "../domain/clock";
import type { AuditStore } from "../store/store";
import { createAuditRecorder } from "./audit";

/** A fake of the one slice method the recorder uses: it keeps what was appended, and when. */
function fakeAuditSlice(fail = false) {
  const appended: { input: AuditInput; now: number }[] = [];
  const slice: Pick<AuditStore, "appendAudit"> = {
    appendAudit(input, now) {
      if (fail) return Promise.reject(new Error("disk full"));
      appended.push({ input, now });
      return Promise.resolve({ seq: appended.length } as AuditEntry);
    },
  };
  return { slice, appended };
}

const T0 = Date.parse("2026-01-01T00:00:00Z");
const tripped: AuditInput = { actor: "anonymous", action: "ratelimit.tripped", ip: "10.0.0.9", details: {} };

describe("createAuditRecorder over a fake audit slice", () => {
  it("appends each entry at the clock's time", async () => {
    const { slice, appended } = fakeAuditSlice();
    const clock = manualClock(T0);
    const recorder = createAuditRecorder(slice, clock, () => undefined);
    await recorder.record({ actor: "cli", action: "key.created", target: "abc123" });
    clock.advance(5_000);
    await recorder.record({ actor: "cli", action: "key.revoked", target: "abc123" });
    expect(appended).toEqual([
      { input: { actor: "cli", action: "key.created", target: "abc123" }, now: T0 },
      { input: { actor: "cli", action: "key.revoked", target: "abc123" }, now: T0 + 5_000 },
    ]);
  });

  it("throttles per subject to one entry a minute, counting the ones folded in", async () => {
    const { slice, appended } = fakeAuditSlice();
    const clock = manualClock(T0);
    const recorder = createAuditRecorder(slice, clock, () => undefined);
    await recorder.recordThrottled("10.0.0.9", tripped);
    clock.advance(20_000);
    await recorder.recordThrottled("10.0.0.9", tripped);
    await recorder.recordThrottled("10.0.0.8", tripped);
    clock.advance(39_999);
    await recorder.recordThrottled("10.0.0.9", tripped);
    clock.advance(1);
    await recorder.recordThrottled("10.0.0.9", tripped);
    expect(appended.map((a) => [a.now, a.input.details])).toEqual([
      [T0, {}],
      [T0 + 20_000, {}],
      [T0 + 60_000, { suppressedBefore: 2 }],
    ]);
  });

  it("reports a failed append to onError instead of throwing into the caller", async () => {
    const { slice } = fakeAuditSlice(true);
    const errors: unknown[] = [];
    const recorder = createAuditRecorder(slice, manualClock(T0), (error) => errors.push(error));
    await expect(recorder.record(tripped)).resolves.toBeUndefined();
    expect(errors.map((e) => (e as Error).message)).toEqual(["disk full"]);
  });
});

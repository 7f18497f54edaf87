import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  classifyStatus,
  decideRetry,
  parseRetryAfter,
  type RetryPolicy,
} from "./retry";

const NOW = Date.parse("2026-01-01T00:00:00Z");
const policy: RetryPolicy = {
  baseMs: 1000,
  capMs: 30_000,
  maxAttempts: 5,
  maxRetryAfterMs: 120_000,
  jitter: "full",
};
const fixed = (r: number) => () => r;

describe("backoffDelay", () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 16_000],
    [6, 30_000],
    [50, 30_000],
    [5000, 30_000],
  ])("attempt %i without jitter shrinkage (random → 1) is %i ms", (attempt, expected) => {
    // random() is < 1, so 0.999999 stands for the top of the range.
    expect(backoffDelay(attempt, policy, fixed(0.999_999))).toBe(expected - 1);
  });

  it.each([
    ["full", 0, 0],
    ["full", 0.5, 2000],
    ["equal", 0, 2000],
    ["equal", 0.5, 3000],
  ] as const)("%s jitter with random %d spreads attempt 3 (4 s) to %i ms", (jitter, r, expected) => {
    expect(backoffDelay(3, { ...policy, jitter }, fixed(r))).toBe(expected);
  });

  it("tolerates a random source that misbehaves", () => {
    expect(backoffDelay(1, policy, fixed(-3))).toBe(0);
    expect(backoffDelay(1, policy, fixed(7))).toBe(1000);
  });
});

describe("parseRetryAfter", () => {
  it.each<[string | null | undefined, number | null]>([
    [undefined, null],
    [null, null],
    ["", null],
    ["0", 0],
    ["120", 120_000],
    [" 5 ", 5000],
    ["Thu, 01 Jan 2026 00:01:30 GMT", 90_000],
    ["Wed, 31 Dec 2025 23:00:00 GMT", 0],
    ["1.5", null],
    ["-1", null],
    ["soon", null],
    ["2026-01-01T00:01:00Z", null],
  ])("%j → %j", (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe("classifyStatus", () => {
  it.each<[number, string]>([
    [200, "sent"],
    [204, "sent"],
    [301, "permanent"],
    [400, "permanent"],
    [401, "permanent"],
    [403, "permanent"],
    [404, "permanent"],
    [410, "permanent"],
    [413, "permanent"],
    [408, "retry"],
    [425, "retry"],
    [429, "retry"],
    [500, "retry"],
    [502, "retry"],
    [503, "retry"],
    [504, "retry"],
  ])("%i is %s", (status, expected) => {
    expect(classifyStatus(status)).toBe(expected);
  });
});

describe("decideRetry", () => {
  it("follows the schedule with a fixed random, then gives up", () => {
    const delays: (number | string)[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const d = decideRetry(attempt, { kind: "http", status: 503 }, NOW, fixed(0.5), policy);
      delays.push(d.action === "retry" ? d.delayMs : d.action);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, "give_up"]);
  });

  it("retries network errors and reports why", () => {
    expect(decideRetry(1, { kind: "network", error: "ECONNREFUSED" }, NOW, fixed(0), policy)).toEqual({
      action: "retry",
      delayMs: 0,
      at: NOW,
      error: "ECONNREFUSED",
    });
  });

  it("honours Retry-After over the backoff, within the bound", () => {
    const asked = decideRetry(1, { kind: "http", status: 429, retryAfter: "30" }, NOW, fixed(0.5), policy);
    expect(asked).toMatchObject({ action: "retry", delayMs: 30_000, at: NOW + 30_000, error: "HTTP 429" });
    const greedy = decideRetry(
      1,
      { kind: "http", status: 503, retryAfter: "86400" },
      NOW,
      fixed(0.5),
      policy,
    );
    expect(greedy).toMatchObject({ delayMs: 120_000 });
    const dated = decideRetry(
      2,
      { kind: "http", status: 503, retryAfter: "Thu, 01 Jan 2026 00:00:10 GMT" },
      NOW,
      fixed(0.5),
      policy,
    );
    expect(dated).toMatchObject({ delayMs: 10_000 });
    const junk = decideRetry(2, { kind: "http", status: 503, retryAfter: "later" }, NOW, fixed(0.5), policy);
    expect(junk).toMatchObject({ delayMs: 1000 });
  });

  it("never retries a permanent failure, Retry-After or not", () => {
    expect(decideRetry(1, { kind: "http", status: 404, retryAfter: "1" }, NOW, fixed(0), policy)).toEqual({
      action: "give_up",
      error: "HTTP 404 (not retryable)",
    });
  });

  it("reports success", () => {
    expect(decideRetry(3, { kind: "http", status: 200 }, NOW, fixed(0))).toEqual({ action: "sent" });
  });

  it("defaults to at most about 40 minutes of trying", () => {
    const worst = Array.from({ length: DEFAULT_RETRY_POLICY.maxAttempts - 1 }, (_, i) =>
      backoffDelay(i + 1, DEFAULT_RETRY_POLICY, fixed(0.999_999)),
    ).reduce((a, b) => a + b, 0);
    expect(worst).toBeGreaterThan(35 * 60_000);
    expect(worst).toBeLessThan(45 * 60_000);
  });
});

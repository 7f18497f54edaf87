import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { manualClock } from "../../domain/clock";
import { fixture } from "../../test/helpers";
import { parseTimestampedSignature, timestampedHmac } from "./timestamped-hmac";

// go-buildkite's published vector (fixtures/README.md §3): exact body bytes, header and token.
const TOKEN = "29b1ff5779c76bd48ba6705eb99ff970";
const TIMESTAMP = 1642080837;
const SIGNATURE = "582d496ac2d869dd97a3101c4cda346288c49a742592daf582ec64c86449f79c";
const HEADER = `timestamp=${TIMESTAMP},signature=${SIGNATURE}`;
const TOLERANCE = 300_000;
const body = () => fixture("buildkite/ping.signed-body.json");

const scheme = timestampedHmac("X-Buildkite-Signature");
const clock = manualClock();
const prepared = (token = TOKEN) => scheme(token, { clock, toleranceMs: TOLERANCE });
const request = (header: string | undefined, rawBody = body()) => ({
  headers: { "x-buildkite-signature": header },
  rawBody,
});
const signed = (header: string, rawBody?: Buffer, now = TIMESTAMP * 1000, token = TOKEN) => {
  clock.set(now);
  return prepared(token).verify(request(header, rawBody));
};

describe("timestampedHmac", () => {
  it("accepts the published vector on the exact fixture bytes", () => {
    expect(body()).toHaveLength(756);
    expect(signed(HEADER)).toEqual({ ok: true });
  });

  it("accepts timestamps up to the tolerance either way, and refuses beyond it", () => {
    const at = TIMESTAMP * 1000;
    expect(signed(HEADER, undefined, at + TOLERANCE).ok).toBe(true);
    expect(signed(HEADER, undefined, at - TOLERANCE).ok).toBe(true);
    const stale = {
      ok: false,
      error:
        "X-Buildkite-Signature timestamp is more than 300s from the server's clock; replayed delivery or clock skew",
    };
    expect(signed(HEADER, undefined, at + TOLERANCE + 1000)).toEqual(stale);
    expect(signed(HEADER, undefined, at - TOLERANCE - 1000)).toEqual(stale);
    expect(signed(HEADER, undefined, Date.parse("2026-11-24T00:00:00Z"))).toEqual(stale);
  });

  it.each([0, 377, 755])("refuses the vector when byte %i changes", (index) => {
    const tampered = body();
    tampered[index] = (tampered[index] ?? 0) ^ 0x01;
    expect(signed(HEADER, tampered)).toEqual({
      ok: false,
      error: "X-Buildkite-Signature does not match the body; check the webhook token",
    });
  });

  it("refuses the vector with a trailing newline, under another token, or with another timestamp", () => {
    expect(signed(HEADER, Buffer.concat([body(), Buffer.from("\n")])).ok).toBe(false);
    expect(signed(HEADER, undefined, undefined, "another-token").ok).toBe(false);
    expect(signed(`timestamp=${TIMESTAMP + 1},signature=${SIGNATURE}`).ok).toBe(false);
  });

  it.each([
    ["whitespace around parts", ` timestamp = ${TIMESTAMP} ,  signature = ${SIGNATURE} `],
    ["reversed order", `signature=${SIGNATURE},timestamp=${TIMESTAMP}`],
    ["unknown keys", `v=2,timestamp=${TIMESTAMP},scheme=hmac,signature=${SIGNATURE}`],
    ["upper-case hex", `timestamp=${TIMESTAMP},signature=${SIGNATURE.toUpperCase()}`],
    [
      "several signatures, one right",
      `timestamp=${TIMESTAMP},signature=${"0".repeat(64)},signature=${SIGNATURE}`,
    ],
  ])("tolerates %s", (_, header) => {
    expect(signed(header)).toEqual({ ok: true });
  });

  it.each([
    ["no timestamp", `signature=${SIGNATURE}`, "exactly one timestamp"],
    [
      "two timestamps",
      `timestamp=${TIMESTAMP},timestamp=${TIMESTAMP},signature=${SIGNATURE}`,
      "exactly one timestamp",
    ],
    ["no signature", `timestamp=${TIMESTAMP}`, "no signature"],
    ["an empty header", "", "exactly one timestamp"],
    ["no key=value pairs", `${TIMESTAMP},${SIGNATURE}`, "exactly one timestamp"],
    ["a non-numeric timestamp", `timestamp=abc,signature=${SIGNATURE}`, "Unix seconds"],
    ["a fractional timestamp", `timestamp=${TIMESTAMP}.5,signature=${SIGNATURE}`, "Unix seconds"],
    ["a negative timestamp", `timestamp=-${TIMESTAMP},signature=${SIGNATURE}`, "Unix seconds"],
    ["milliseconds", `timestamp=${TIMESTAMP * 1000},signature=${SIGNATURE}`, "Unix seconds"],
    ["a short signature", `timestamp=${TIMESTAMP},signature=${SIGNATURE.slice(1)}`, "does not match"],
    ["a non-hex signature", `timestamp=${TIMESTAMP},signature=${"z".repeat(64)}`, "does not match"],
    ["an empty signature", `timestamp=${TIMESTAMP},signature=`, "does not match"],
  ])("refuses %s", (_, header, message) => {
    expect(signed(header)).toEqual({ ok: false, error: expect.stringContaining(message) });
  });

  it("names the fault with literal texts", () => {
    expect(signed(`signature=${SIGNATURE}`)).toEqual({
      ok: false,
      error: "X-Buildkite-Signature must hold exactly one timestamp=<unix seconds>",
    });
    expect(signed(`timestamp=${TIMESTAMP}`)).toEqual({
      ok: false,
      error: "X-Buildkite-Signature has no signature=<hex>",
    });
    expect(signed(`timestamp=abc,signature=${SIGNATURE}`)).toEqual({
      ok: false,
      error: "X-Buildkite-Signature timestamp must be Unix seconds",
    });
    expect(prepared().verify(request(undefined))).toEqual({
      ok: false,
      error: "missing X-Buildkite-Signature header",
    });
  });

  it("signs the header's timestamp text as sent, a dot, then the raw bytes", () => {
    const raw = Buffer.from('{"event":"ping"}');
    const signature = createHmac("sha256", TOKEN).update(`${TIMESTAMP}.{"event":"ping"}`).digest("hex");
    expect(signed(`timestamp=${TIMESTAMP},signature=${signature}`, raw).ok).toBe(true);
  });

  it("carries any header that is present, even an empty one", () => {
    expect(prepared().carries(request(""))).toBe(true);
    expect(prepared().carries(request(undefined))).toBe(false);
    expect(prepared().header).toBe("X-Buildkite-Signature");
  });

  it("reads the clock on every call: one prepared verifier, reused, follows the clock", () => {
    const verifier = prepared();
    clock.set(TIMESTAMP * 1000);
    expect(verifier.verify(request(HEADER))).toEqual({ ok: true });
    clock.set(TIMESTAMP * 1000 + TOLERANCE + 1000);
    expect(verifier.verify(request(HEADER)).ok).toBe(false);
    clock.set(TIMESTAMP * 1000 - TOLERANCE);
    expect(verifier.verify(request(HEADER))).toEqual({ ok: true });
  });

  it("never throws and never echoes the token or header values", () => {
    for (const header of [
      "=,=,,timestamp",
      "timestamp=99999999999999999999,signature=" + "a".repeat(64),
      `timestamp=${TIMESTAMP},signature=${TOKEN}`,
      "x".repeat(10_000),
    ]) {
      const result = signed(header);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error).not.toContain(TOKEN);
        expect(result.error).not.toContain(TOKEN.slice(0, 10));
      }
    }
  });
});

describe("parseTimestampedSignature", () => {
  it("splits on commas, then on the first equals sign", () => {
    expect(parseTimestampedSignature("timestamp=1,signature=a=b", "X-Buildkite-Signature")).toEqual({
      ok: true,
      timestamp: "1",
      signatures: ["a=b"],
    });
  });
});

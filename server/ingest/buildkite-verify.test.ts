import { describe, expect, it } from "vitest";
import { fixture } from "../test/helpers";
import { buildkiteSource } from "./buildkite";
import { parseSignatureHeader, verifyBuildkite } from "./buildkite-verify";
import { hmacSha256Hex } from "./verify";

// go-buildkite's published vector (fixtures/README.md §3): exact body bytes, header and token.
const TOKEN = "29b1ff5779c76bd48ba6705eb99ff970";
const TIMESTAMP = 1642080837;
const SIGNATURE = "582d496ac2d869dd97a3101c4cda346288c49a742592daf582ec64c86449f79c";
const HEADER = `timestamp=${TIMESTAMP},signature=${SIGNATURE}`;
const TOLERANCE = 300_000;
const body = () => fixture("buildkite/ping.signed-body.json");

const request = (headers: Record<string, string | undefined>, rawBody = body(), now = TIMESTAMP * 1000) => ({
  headers,
  rawBody,
  now,
  toleranceMs: TOLERANCE,
});
const signed = (header: string, rawBody?: Buffer, now?: number) =>
  verifyBuildkite(request({ "x-buildkite-signature": header }, rawBody, now), TOKEN);

describe("verifyBuildkite, signed mode", () => {
  it("accepts the published vector on the exact fixture bytes", () => {
    expect(body()).toHaveLength(756);
    expect(signed(HEADER)).toEqual({ ok: true });
    expect(
      buildkiteSource.verify(request({ "x-buildkite-signature": HEADER }), {
        RUNWATCH_BUILDKITE_TOKEN: TOKEN,
      }),
    ).toEqual({ ok: true });
  });

  it("accepts timestamps up to the tolerance either way, and refuses beyond it", () => {
    const at = TIMESTAMP * 1000;
    expect(signed(HEADER, undefined, at + TOLERANCE).ok).toBe(true);
    expect(signed(HEADER, undefined, at - TOLERANCE).ok).toBe(true);
    const stale = signed(HEADER, undefined, at + TOLERANCE + 1000);
    expect(stale).toEqual({ ok: false, error: expect.stringContaining("timestamp is more than 300s") });
    expect(signed(HEADER, undefined, at - TOLERANCE - 1000).ok).toBe(false);
    expect(signed(HEADER, undefined, Date.parse("2026-11-24T00:00:00Z")).ok).toBe(false);
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
    expect(verifyBuildkite(request({ "x-buildkite-signature": HEADER }), "another-token").ok).toBe(false);
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

  it("signs the header's timestamp text as sent, a dot, then the raw bytes", () => {
    const raw = Buffer.from('{"event":"ping"}');
    const signature = hmacSha256Hex(TOKEN, `${TIMESTAMP}.${raw.toString("utf8")}`);
    expect(signed(`timestamp=${TIMESTAMP},signature=${signature}`, raw).ok).toBe(true);
  });

  it("lets the signature decide alone when both headers are sent", () => {
    const both = {
      "x-buildkite-signature": `timestamp=${TIMESTAMP},signature=${"0".repeat(64)}`,
      "x-buildkite-token": TOKEN,
    };
    expect(verifyBuildkite(request(both), TOKEN).ok).toBe(false);
  });
});

describe("verifyBuildkite, token mode and refusals", () => {
  it("accepts the exact token and refuses any other", () => {
    expect(verifyBuildkite(request({ "x-buildkite-token": TOKEN }), TOKEN)).toEqual({ ok: true });
    for (const given of ["", TOKEN.slice(1), `${TOKEN} `, TOKEN.toUpperCase()]) {
      expect(verifyBuildkite(request({ "x-buildkite-token": given }), TOKEN)).toEqual({
        ok: false,
        error: "X-Buildkite-Token does not match; check the webhook token",
      });
    }
  });

  it("names both headers when neither is sent", () => {
    expect(verifyBuildkite(request({}), TOKEN)).toEqual({
      ok: false,
      error: "missing X-Buildkite-Signature or X-Buildkite-Token header",
    });
  });

  it("refuses everything when no token is configured, naming the variable", () => {
    for (const token of [undefined, ""]) {
      expect(verifyBuildkite(request({ "x-buildkite-token": "" }), token)).toEqual({
        ok: false,
        error: "RUNWATCH_BUILDKITE_TOKEN is not set on the Runwatch server",
      });
    }
    expect(buildkiteSource.verify(request({ "x-buildkite-signature": HEADER }), {}).ok).toBe(false);
  });

  it("never throws and never echoes the token or header values", () => {
    const headers: Record<string, string | undefined>[] = [
      { "x-buildkite-signature": "=,=,,timestamp" },
      { "x-buildkite-signature": "timestamp=99999999999999999999,signature=" + "a".repeat(64) },
      { "x-buildkite-signature": `timestamp=${TIMESTAMP},signature=${TOKEN}` },
      { "x-buildkite-signature": "x".repeat(10_000) },
      { "x-buildkite-token": TOKEN.slice(0, 10) },
      { "x-buildkite-token": "constructor" },
    ];
    for (const h of headers) {
      const result = verifyBuildkite(request(h), TOKEN);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error).not.toContain(TOKEN);
        expect(result.error).not.toContain(TOKEN.slice(0, 10));
      }
    }
  });
});

describe("parseSignatureHeader", () => {
  it("splits on commas, then on the first equals sign", () => {
    expect(parseSignatureHeader("timestamp=1,signature=a=b")).toEqual({
      ok: true,
      timestamp: "1",
      signatures: ["a=b"],
    });
  });
});

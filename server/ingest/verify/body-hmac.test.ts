import { describe, expect, it } from "vitest";
import { manualClock } from "../../domain/clock";
import { bodyHmac } from "./body-hmac";

const OPTIONS = { clock: manualClock(0), toleranceMs: 300_000 };
// GitHub's published test vector (docs: "Validating webhook deliveries").
const VECTOR_SECRET = "It's a Secret to Everybody";
const VECTOR_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

const verify = (signature: string | undefined, secret: string, body = "Hello, World!") =>
  bodyHmac("X-Hub-Signature-256")(secret, OPTIONS).verify({
    headers: { "x-hub-signature-256": signature },
    rawBody: Buffer.from(body),
  });

describe("bodyHmac", () => {
  it("accepts GitHub's published test vector", () => {
    expect(verify(VECTOR_SIGNATURE, VECTOR_SECRET)).toEqual({ ok: true });
  });

  it("accepts upper-case hex digits and surrounding whitespace", () => {
    const signature = "sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17";
    expect(verify(signature, VECTOR_SECRET)).toEqual({ ok: true });
    expect(verify(` ${VECTOR_SIGNATURE} `, VECTOR_SECRET)).toEqual({ ok: true });
  });

  it("rejects the vector under another secret, a changed body, and malformed headers", () => {
    const mismatch = {
      ok: false,
      error: "X-Hub-Signature-256 does not match the body; check the webhook secret",
    };
    expect(verify(VECTOR_SIGNATURE, "another secret")).toEqual(mismatch);
    expect(verify(VECTOR_SIGNATURE, VECTOR_SECRET, "Hello, World?")).toEqual(mismatch);
    expect(verify(undefined, "s")).toEqual({ ok: false, error: "missing X-Hub-Signature-256 header" });
    expect(verify("", "s")).toEqual({ ok: false, error: "missing X-Hub-Signature-256 header" });
    const malformed = { ok: false, error: 'X-Hub-Signature-256 must be "sha256=<64 hex digits>"' };
    expect(verify("sha1=abc", "s")).toEqual(malformed);
    expect(verify("sha256=" + "0".repeat(63), "s")).toEqual(malformed);
    expect(verify("   ", "s")).toEqual(malformed);
  });

  it("names the header it was configured with, and carries only a non-empty one", () => {
    const verifier = bodyHmac("X-Runwatch-Signature-256")("s", OPTIONS);
    expect(verifier.header).toBe("X-Runwatch-Signature-256");
    const request = (value: string | undefined) => ({
      headers: { "x-runwatch-signature-256": value },
      rawBody: Buffer.alloc(0),
    });
    expect(verifier.carries(request("sha256=00"))).toBe(true);
    expect(verifier.carries(request(""))).toBe(false);
    expect(verifier.carries(request(undefined))).toBe(false);
    expect(verifier.verify(request(undefined))).toEqual({
      ok: false,
      error: "missing X-Runwatch-Signature-256 header",
    });
  });

  it("keeps verifying with one prepared key across calls", () => {
    const verifier = bodyHmac("X-Hub-Signature-256")(VECTOR_SECRET, OPTIONS);
    const request = (signature: string, body = "Hello, World!") => ({
      headers: { "x-hub-signature-256": signature },
      rawBody: Buffer.from(body),
    });
    expect(verifier.verify(request(VECTOR_SIGNATURE))).toEqual({ ok: true });
    expect(verifier.verify(request(VECTOR_SIGNATURE, "Hello, World?")).ok).toBe(false);
    expect(verifier.verify(request(VECTOR_SIGNATURE))).toEqual({ ok: true });
  });
});

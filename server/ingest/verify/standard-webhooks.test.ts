import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { manualClock } from "../../domain/clock";
import { signStandardWebhook, standardWebhooks, standardWebhooksKey } from "./standard-webhooks";

// The test vector of the Standard Webhooks reference libraries (and Svix's docs).
const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: "1614265330",
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};
const TOLERANCE_MS = 300_000;

/** Signs independently of the code under test: node:crypto and the spec's recipe. */
function independentSignature(secret: string, id: string, timestamp: string, body: Buffer | string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const mac = createHmac("sha256", key);
  mac.update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`), Buffer.from(body)]));
  return `v1,${mac.digest("base64")}`;
}

const clock = manualClock();

/** The vector's request with `headers` changed (undefined deletes), its clock set to `now`. */
const request = (
  headers: Record<string, string | undefined>,
  body: Buffer | string = VECTOR.body,
  now = Number(VECTOR.timestamp) * 1000,
) => {
  clock.set(now);
  return {
    headers: {
      "webhook-id": VECTOR.id,
      "webhook-timestamp": VECTOR.timestamp,
      "webhook-signature": VECTOR.signature,
      ...headers,
    },
    rawBody: Buffer.from(body),
  };
};

/** Prepares the scheme with `secret` and verifies one request. */
const verifyWith = (req: ReturnType<typeof request>, secret: string) =>
  standardWebhooks(secret, { clock, toleranceMs: TOLERANCE_MS }).verify(req);

describe("standardWebhooks", () => {
  it("accepts the published test vector, and our independent signature agrees with it", () => {
    expect(independentSignature(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(
      VECTOR.signature,
    );
    expect(verifyWith(request({}), VECTOR.secret)).toEqual({ ok: true });
  });

  it("accepts a key given without its whsec_ prefix", () => {
    expect(verifyWith(request({}), VECTOR.secret.slice("whsec_".length)).ok).toBe(true);
  });

  it("signs raw bytes, not re-serialised JSON, including non-ASCII bodies", () => {
    const secret = `whsec_${randomBytes(24).toString("base64")}`;
    const body = Buffer.from('{"name":"déploiement ✓","n":1.50}\n');
    const signature = independentSignature(secret, VECTOR.id, VECTOR.timestamp, body);
    expect(verifyWith(request({ "webhook-signature": signature }, body), secret).ok).toBe(true);
    expect(signStandardWebhook(secret, { id: VECTOR.id, timestamp: VECTOR.timestamp, body })).toBe(signature);
  });

  it("accepts when any of several signatures matches (key rotation) and skips other versions", () => {
    const oldSecret = `whsec_${randomBytes(32).toString("base64")}`;
    const newSecret = `whsec_${randomBytes(32).toString("base64")}`;
    const withOld = independentSignature(oldSecret, VECTOR.id, VECTOR.timestamp, VECTOR.body);
    const withNew = independentSignature(newSecret, VECTOR.id, VECTOR.timestamp, VECTOR.body);
    const header = `v1a,c2lnbmVk ${withOld}  ${withNew} v2,${withNew.slice(3)}`;
    expect(verifyWith(request({ "webhook-signature": header }), newSecret).ok).toBe(true);
    expect(verifyWith(request({ "webhook-signature": header }), oldSecret).ok).toBe(true);
    const unrelated = `whsec_${randomBytes(32).toString("base64")}`;
    expect(verifyWith(request({ "webhook-signature": header }), unrelated)).toEqual({
      ok: false,
      error: "webhook-signature does not match the body; check the signing token",
    });
  });

  it("refuses a tampered body, id or timestamp", () => {
    expect(verifyWith(request({}, '{"test": 2432232315}'), VECTOR.secret).ok).toBe(false);
    expect(verifyWith(request({ "webhook-id": "msg_other" }), VECTOR.secret).ok).toBe(false);
    expect(verifyWith(request({ "webhook-timestamp": "1614265331" }), VECTOR.secret).ok).toBe(false);
  });

  it("refuses a signature made with another key", () => {
    expect(verifyWith(request({}), `whsec_${randomBytes(24).toString("base64")}`).ok).toBe(false);
  });

  it("refuses timestamps outside the tolerance, either way, and accepts its edges", () => {
    const sentAt = Number(VECTOR.timestamp) * 1000;
    expect(verifyWith(request({}, VECTOR.body, sentAt + TOLERANCE_MS), VECTOR.secret).ok).toBe(true);
    expect(verifyWith(request({}, VECTOR.body, sentAt - TOLERANCE_MS), VECTOR.secret).ok).toBe(true);
    expect(verifyWith(request({}, VECTOR.body, sentAt + TOLERANCE_MS + 1), VECTOR.secret)).toEqual({
      ok: false,
      error: "webhook-timestamp is stale (300 s old, 300 s allowed)",
    });
    expect(verifyWith(request({}, VECTOR.body, sentAt - 3_600_000), VECTOR.secret)).toEqual({
      ok: false,
      error: "webhook-timestamp is in the future (3600 s ahead, 300 s allowed)",
    });
  });

  it.each([
    ["webhook-id", undefined, "missing webhook-id header"],
    ["webhook-id", "", "missing webhook-id header"],
    ["webhook-timestamp", undefined, "missing webhook-timestamp header"],
    ["webhook-signature", undefined, "missing webhook-signature header"],
    ["webhook-timestamp", "soon", "webhook-timestamp must be a Unix time in whole seconds"],
    ["webhook-timestamp", "1614265330.5", "webhook-timestamp must be a Unix time in whole seconds"],
    ["webhook-timestamp", "-1614265330", "webhook-timestamp must be a Unix time in whole seconds"],
    ["webhook-timestamp", "9".repeat(40), "webhook-timestamp must be a Unix time in whole seconds"],
    ["webhook-signature", "v2,abc", 'webhook-signature has no "v1,<base64>" entry'],
    [
      "webhook-signature",
      "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
      'webhook-signature has no "v1,<base64>" entry',
    ],
    ["webhook-signature", "v1,", "webhook-signature does not match the body; check the signing token"],
    [
      "webhook-signature",
      "v1,not base64!",
      "webhook-signature does not match the body; check the signing token",
    ],
  ])("refuses %s = %j without throwing", (header, value, error) => {
    expect(verifyWith(request({ [header]: value }), VECTOR.secret)).toEqual({ ok: false, error });
  });

  it("refuses to verify with a secret that is not base64, without echoing it", () => {
    const result = verifyWith(request({}), "whsec_not*base64*at*all");
    expect(result).toEqual({
      ok: false,
      error: "the configured signing token is not whsec_ followed by base64",
    });
  });
});

describe("a prepared standardWebhooks verifier", () => {
  it("decodes its key once and verifies any number of requests with it, following the clock", () => {
    const verifier = standardWebhooks(VECTOR.secret, { clock, toleranceMs: TOLERANCE_MS });
    expect(verifier.verify(request({}))).toEqual({ ok: true });
    expect(verifier.verify(request({}, '{"test": 2432232315}')).ok).toBe(false);
    expect(verifier.verify(request({}))).toEqual({ ok: true });
    const later = request({}, VECTOR.body, Number(VECTOR.timestamp) * 1000 + 3_600_000);
    expect(verifier.verify(later)).toEqual({
      ok: false,
      error: "webhook-timestamp is stale (3600 s old, 300 s allowed)",
    });
  });

  it("carries webhook-signature when the header is present at all", () => {
    const verifier = standardWebhooks(VECTOR.secret, { clock, toleranceMs: TOLERANCE_MS });
    expect(verifier.header).toBe("webhook-signature");
    expect(verifier.carries(request({ "webhook-signature": "" }))).toBe(true);
    expect(verifier.carries(request({ "webhook-signature": undefined }))).toBe(false);
  });
});

describe("standardWebhooksKey", () => {
  it("decodes whsec_ keys and rejects empty or non-base64 ones", () => {
    expect(standardWebhooksKey("whsec_AAEC")).toEqual(Buffer.from([0, 1, 2]));
    expect(standardWebhooksKey("AAEC")).toEqual(Buffer.from([0, 1, 2]));
    expect(standardWebhooksKey("whsec_")).toBeNull();
    expect(standardWebhooksKey("whsec_a-b_c")).toBeNull();
    expect(() => signStandardWebhook("whsec_", { id: "i", timestamp: "1", body: Buffer.alloc(0) })).toThrow(
      /whsec_/,
    );
  });
});

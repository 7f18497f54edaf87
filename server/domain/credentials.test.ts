import { describe, expect, it } from "vitest";
import {
  adminTokenProblem,
  constantTimeEqual,
  displayPrefix,
  generateApiKey,
  generateSessionToken,
  hashSecret,
  hasScope,
  normaliseScopes,
  planAdminBootstrap,
} from "./credentials";

describe("generateApiKey", () => {
  it("makes rw_ + 43 base64url characters (256 bits), a short hex id, a display prefix and the hash", () => {
    const key = generateApiKey();
    expect(key.secret).toMatch(/^rw_[A-Za-z0-9_-]{43}$/);
    expect(key.id).toMatch(/^[0-9a-f]{12}$/);
    expect(key.prefix).toBe(key.secret.slice(0, 9));
    expect(key.hash).toBe(hashSecret(key.secret));
    expect(key.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(key.secret.includes(key.id)).toBe(false);
  });

  it("never repeats", () => {
    const secrets = new Set(Array.from({ length: 1000 }, () => generateApiKey().secret));
    expect(secrets.size).toBe(1000);
  });

  it("session tokens are distinct from keys", () => {
    const session = generateSessionToken();
    expect(session.token).toMatch(/^rws_[A-Za-z0-9_-]{43}$/);
    expect(session.hash).toBe(hashSecret(session.token));
  });
});

describe("hashSecret and constantTimeEqual", () => {
  it("hashes with SHA-256", () => {
    expect(hashSecret("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("compares exactly, whatever the lengths", () => {
    expect(constantTimeEqual("same", "same")).toBe(true);
    expect(constantTimeEqual("same", "Same")).toBe(false);
    expect(constantTimeEqual("short", "much longer")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
  });

  it("constantTimeEqual: different lengths are unequal (and do not throw, unlike timingSafeEqual)", () => {
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("abcd", "abc")).toBe(false);
    expect(constantTimeEqual("", "a")).toBe(false);
    expect(constantTimeEqual("x".repeat(10_000), "x".repeat(10_001))).toBe(false);
  });

  it("constantTimeEqual: equal strings of any length and script are equal", () => {
    const hex = "582d496ac2d869dd97a3101c4cda346288c49a742592daf582ec64c86449f79c";
    expect(constantTimeEqual(hex, "582d496ac2d869dd97a3101c4cda346288c49a742592daf582ec64c86449f79c")).toBe(
      true,
    );
    expect(constantTimeEqual("déploiement ✓", "déploiement ✓")).toBe(true);
    expect(constantTimeEqual("x".repeat(10_000), "x".repeat(10_000))).toBe(true);
  });

  it("constantTimeEqual: one changed byte, anywhere, makes them unequal", () => {
    const hex = "582d496ac2d869dd97a3101c4cda346288c49a742592daf582ec64c86449f79c";
    expect(constantTimeEqual(hex, "482d496ac2d869dd97a3101c4cda346288c49a742592daf582ec64c86449f79c")).toBe(
      false,
    );
    expect(constantTimeEqual(hex, "582d496ac2d869dd97a3101c4cda346388c49a742592daf582ec64c86449f79c")).toBe(
      false,
    );
    expect(constantTimeEqual(hex, "582d496ac2d869dd97a3101c4cda346288c49a742592daf582ec64c86449f79d")).toBe(
      false,
    );
    // Same letters, different bytes: é precomposed (U+00E9) against e + combining acute (U+0301).
    expect(constantTimeEqual("\u00e9", "e\u0301")).toBe(false);
  });

  it("displayPrefix shows only the start", () => {
    expect(displayPrefix("rw_ABCDEFGHIJ")).toBe("rw_ABCDEF");
    expect(displayPrefix("my-own-admin-token")).toBe("my-own");
  });
});

describe("scopes", () => {
  it("admin implies read; ingest is separate", () => {
    expect(hasScope(["admin"], "read")).toBe(true);
    expect(hasScope(["admin"], "admin")).toBe(true);
    expect(hasScope(["admin"], "ingest")).toBe(false);
    expect(hasScope(["read"], "admin")).toBe(false);
    expect(hasScope(["ingest"], "read")).toBe(false);
    expect(hasScope(["read", "ingest"], "ingest")).toBe(true);
    expect(hasScope([], "read")).toBe(false);
  });

  it("normalises to distinct scopes in a fixed order and refuses nonsense", () => {
    expect(normaliseScopes(["admin", "read", "admin", "ingest"])).toEqual(["ingest", "read", "admin"]);
    expect(() => normaliseScopes([])).toThrow(/at least one/);
    expect(() => normaliseScopes(["root"])).toThrow(/unknown scope "root"/);
  });
});

describe("planAdminBootstrap", () => {
  it.each([
    [0, "unset", "generate"],
    [0, "unknown", "register-configured"],
    [0, "revoked", "generate"],
    [0, "active", "generate"],
    [1, "unset", "none"],
    [1, "active", "none"],
    [1, "unknown", "none"],
    [2, "revoked", "none"],
  ] as const)("with %i admin keys and the token %s: %s", (activeAdminKeys, configured, action) => {
    expect(planAdminBootstrap({ activeAdminKeys, configured }).action).toBe(action);
  });

  it("warns when the configured token is ignored or was revoked", () => {
    expect(planAdminBootstrap({ activeAdminKeys: 1, configured: "unknown" })).toMatchObject({
      warning: expect.stringContaining("ignored"),
    });
    expect(planAdminBootstrap({ activeAdminKeys: 0, configured: "revoked" })).toMatchObject({
      warning: expect.stringContaining("revoked"),
    });
    expect(planAdminBootstrap({ activeAdminKeys: 1, configured: "active" })).toEqual({ action: "none" });
  });

  it("wants a configured token as long as a generated key", () => {
    expect(adminTokenProblem("short-token")).toMatch(/at least 32/);
    expect(adminTokenProblem("x".repeat(32))).toBeNull();
  });
});

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../lib/auth";
import {
  auditContent,
  canonicalJson,
  chainHash,
  ChainVerifier,
  GENESIS_HASH,
  sealEntry,
  verifyChain,
  type AuditInput,
} from "./audit-chain";

const T0 = Date.parse("2026-01-01T00:00:00Z");

function chain(inputs: AuditInput[]): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const [i, input] of inputs.entries()) {
    entries.push(sealEntry(entries.at(-1)?.hash ?? GENESIS_HASH, auditContent(input, i + 1, T0 + i * 1000)));
  }
  return entries;
}

const sample = () =>
  chain([
    { actor: "system", action: "key.created", target: "k1", details: { name: "admin", scopes: ["admin"] } },
    { actor: "k1", action: "auth.signin.success", ip: "10.0.0.1" },
    { actor: "anonymous", action: "auth.signin.failure", ip: "10.0.0.9", details: { reason: "unknown key" } },
    { actor: "cli", action: "key.revoked", target: "k1" },
    { actor: "system", action: "retention.purged", details: { jobs: 3, deliveries: 7 } },
  ]);

describe("canonicalJson", () => {
  it("sorts keys at every depth and adds no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it("is independent of insertion order", () => {
    expect(canonicalJson({ x: 1, y: "2" })).toBe(canonicalJson({ y: "2", x: 1 }));
  });

  it("drops undefined members like JSON and escapes strings like JSON", () => {
    expect(canonicalJson({ a: undefined, b: 'q"\n\u2028' })).toBe(`{"b":${JSON.stringify('q"\n\u2028')}}`);
  });

  it("refuses values JSON cannot hold", () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });
});

describe("the chain", () => {
  it("links each entry to the one before, from 64 zeros", () => {
    const entries = sample();
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) expect(entries[i]?.prevHash).toBe(entries[i - 1]?.hash);
  });

  it("follows the documented formula, so an export can be checked without Runwatch", () => {
    const [first] = sample() as [AuditEntry];
    const { seq, at, actor, action, target, ip, details } = first;
    const expected = createHash("sha256")
      .update(`${GENESIS_HASH}\n${canonicalJson({ action, actor, at, details, ip, seq, target })}`)
      .digest("hex");
    expect(first.hash).toBe(expected);
    expect(chainHash(GENESIS_HASH, first)).toBe(expected);
    expect(first.at).toBe("2026-01-01T00:00:00.000Z");
  });

  it("verifies an intact chain, and an empty one", () => {
    const entries = sample();
    expect(verifyChain(entries)).toEqual({
      ok: true,
      count: 5,
      head: { seq: 5, hash: entries[4]?.hash },
    });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, head: null });
  });

  it("finds an edited entry", () => {
    const entries = sample();
    entries[2] = { ...entries[2]!, details: { reason: "nothing to see" } };
    expect(verifyChain(entries)).toMatchObject({ ok: false, brokenAt: 3, count: 2 });
    expect(verifyChain(entries)).toMatchObject({ reason: expect.stringContaining("edited") });
  });

  it("finds an edit whose hash was recomputed, at the next link", () => {
    const entries = sample();
    const forged = { ...entries[1]!, actor: "someone-else" };
    entries[1] = { ...forged, hash: chainHash(forged.prevHash, forged) };
    expect(verifyChain(entries)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it("finds a deleted entry in the middle and at the start", () => {
    const middle = sample();
    middle.splice(2, 1);
    expect(verifyChain(middle)).toMatchObject({
      ok: false,
      brokenAt: 4,
      reason: expect.stringContaining("1 entry is missing"),
    });
    expect(verifyChain(sample().slice(1))).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it("finds a deletion that renumbered the rest", () => {
    const entries = sample();
    entries.splice(1, 1);
    const renumbered = entries.map((e, i) => ({ ...e, seq: i + 1 }));
    expect(verifyChain(renumbered)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it("finds reordered entries", () => {
    const entries = sample();
    [entries[1], entries[2]] = [entries[2]!, entries[1]!];
    expect(verifyChain(entries)).toMatchObject({
      ok: false,
      brokenAt: 3,
      reason: expect.stringContaining("missing"),
    });
    const swappedSeq = sample();
    const [a, b] = [swappedSeq[1]!, swappedSeq[2]!];
    swappedSeq[1] = { ...b, seq: 2 };
    swappedSeq[2] = { ...a, seq: 3 };
    expect(verifyChain(swappedSeq)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it("finds a repeated entry", () => {
    const entries = sample();
    entries.splice(2, 0, entries[1]!);
    expect(verifyChain(entries)).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: expect.stringContaining("order"),
    });
  });

  it("stops at the first break and ignores what follows", () => {
    const verifier = new ChainVerifier();
    const entries = sample();
    entries[1] = { ...entries[1]!, ip: "1.2.3.4" };
    expect(entries.map((e) => verifier.push(e))).toEqual([true, false, false, false, false]);
    expect(verifier.result()).toMatchObject({ ok: false, brokenAt: 2, count: 1 });
  });
});

describe("auditContent", () => {
  it("masks credentials wherever a careless caller put them", () => {
    const content = auditContent(
      {
        actor: "anonymous",
        action: "auth.signin.failure",
        target: "rw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        details: {
          tried: "Bearer rw_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
          cookie: ["rws_abcdefghijklmnopqrstu"],
        },
      },
      1,
      T0,
    );
    const text = JSON.stringify(content);
    expect(text).not.toMatch(/rw_[A-Za-z0-9]{16}/);
    expect(text).not.toMatch(/rws_[A-Za-z0-9]{16}/);
    expect(content.target).toBe("rw_[redacted]");
  });

  it("reduces details to plain JSON and clips long strings", () => {
    const content = auditContent(
      {
        actor: "x".repeat(500),
        action: "settings.changed",
        details: { when: new Date(T0), skip: undefined, long: "y".repeat(5000) },
      },
      7,
      T0,
    );
    expect(content.details).toEqual({
      when: "2026-01-01T00:00:00.000Z",
      long: expect.stringMatching(/truncated/),
    });
    expect(String(content.details.long).length).toBeLessThan(1100);
    expect(content.actor.length).toBeLessThan(250);
    expect(content).toMatchObject({ seq: 7, target: null, ip: null });
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AUDIT_ACTION_PREFIXES,
  auditFiltersFromSearchParams,
  detailChips,
  hasAuditFilters,
  shortHash,
  toAuditApiFilters,
} from "./audit-params";

describe("auditFiltersFromSearchParams", () => {
  it("keeps valid filters and drops malformed ones", () => {
    const good = new URLSearchParams("action=auth.*&actor=k_123&since=2025-03-01&until=2025-03-31");
    expect(auditFiltersFromSearchParams(good)).toEqual({
      action: "auth.*",
      actor: "k_123",
      since: "2025-03-01",
      until: "2025-03-31",
    });
    const bad = new URLSearchParams("action=DROP TABLE&actor=%20&since=2025-02-31&until=yesterday");
    expect(auditFiltersFromSearchParams(bad)).toEqual({});
    expect(hasAuditFilters({})).toBe(false);
    expect(hasAuditFilters({ actor: "cli" })).toBe(true);
  });
});

describe("toAuditApiFilters", () => {
  const tz = process.env.TZ;
  beforeEach(() => {
    process.env.TZ = "America/New_York";
  });
  afterEach(() => {
    process.env.TZ = tz;
  });

  it("turns local days into an inclusive range of instants", () => {
    expect(toAuditApiFilters({ action: "key.created", since: "2025-03-01", until: "2025-03-01" })).toEqual({
      action: "key.created",
      since: "2025-03-01T05:00:00.000Z",
      until: "2025-03-02T05:00:00.000Z",
    });
  });
});

describe("AUDIT_ACTION_PREFIXES", () => {
  it("offers a prefix for each family with several actions", () => {
    expect(AUDIT_ACTION_PREFIXES).toEqual(expect.arrayContaining(["auth.*", "key.*", "rule.*", "channel.*"]));
    expect(AUDIT_ACTION_PREFIXES).not.toContain("audit.*");
  });
});

describe("detailChips", () => {
  it("summarises details as sorted key=value pairs", () => {
    expect(
      detailChips({
        scopes: ["read", "admin"],
        name: "ci-bot",
        nested: { a: 1 },
        none: null,
        long: "x".repeat(100),
      }),
    ).toEqual([
      { key: "long", value: `${"x".repeat(59)}…`, full: "x".repeat(100) },
      { key: "name", value: "ci-bot", full: "ci-bot" },
      { key: "nested", value: '{"a":1}', full: '{"a":1}' },
      { key: "none", value: "null", full: "null" },
      { key: "scopes", value: "read,admin", full: "read,admin" },
    ]);
    expect(shortHash("a".repeat(64))).toBe("aaaaaaaaaaaa");
  });
});

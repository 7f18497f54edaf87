import { describe, expect, it } from "vitest";
import { editDistance, nearestName } from "./nearest-name";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["abc", "", 3],
    ["", "abc", 3],
    ["kitten", "sitting", 3],
    ["RUNWATCH_OUTBOUND_ALOW", "RUNWATCH_OUTBOUND_ALLOW", 1],
    ["RUNWATCH_AUTH", "RUNWATCH_AUHT", 2],
    ["flaw", "lawn", 2],
  ])("%j → %j is %i", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe("nearestName", () => {
  const known = [
    "RUNWATCH_OUTBOUND_ALLOW",
    "RUNWATCH_AUTH",
    "RUNWATCH_BODY_LIMIT",
    "RUNWATCH_API_BODY_LIMIT",
  ];

  it.each([
    ["RUNWATCH_OUTBOUND_ALOW", "RUNWATCH_OUTBOUND_ALLOW"],
    ["RUNWATCH_OUTBOUND_ALLOWED", "RUNWATCH_OUTBOUND_ALLOW"],
    ["RUNWATCH_AUHT", "RUNWATCH_AUTH"],
    ["RUNWATCH_BODYLIMIT", "RUNWATCH_BODY_LIMIT"],
    ["RUNWATCH_API_BODY_LIMT", "RUNWATCH_API_BODY_LIMIT"],
  ])("suggests %s → %s", (name, suggestion) => {
    expect(nearestName(name, known, "RUNWATCH_")).toBe(suggestion);
  });

  it("counts the shared prefix without a prefix argument", () => {
    expect(nearestName("RUNWATCH_FOO", known)).toBe("RUNWATCH_AUTH");
  });

  it("suggests nothing when no name is near", () => {
    expect(nearestName("RUNWATCH_FOO", known, "RUNWATCH_")).toBeNull();
    expect(nearestName("RUNWATCH_COMPLETELY_DIFFERENT", known, "RUNWATCH_")).toBeNull();
    expect(nearestName("RUNWATCH_X", [])).toBeNull();
  });
});

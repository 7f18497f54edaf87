import { describe, expect, it } from "vitest";
import { globToLike } from "./team-scope";

describe("globToLike", () => {
  it.each([
    ["acme/payments-*", "acme/payments-%"],
    ["Acme/?", "acme/_"],
    ["100%_done", "100\\%\\_done"],
    ["a\\*b", "a*b"],
    ["back\\\\slash", "back\\\\slash"],
    ["**x", "%x"],
  ])("%s → %s", (glob, like) => {
    expect(globToLike(glob)).toBe(like);
  });
});

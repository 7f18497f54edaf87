import { describe, expect, it } from "vitest";
import { toSearchParams } from "./search-params";

describe("toSearchParams", () => {
  it("keeps single and repeated values in order and drops absent keys", () => {
    const search = toSearchParams({ repo: "acme/api", status: ["failure", "success"], branch: undefined });
    expect(search.toString()).toBe("repo=acme%2Fapi&status=failure&status=success");
    expect(search.get("repo")).toBe("acme/api");
    expect(search.getAll("status")).toEqual(["failure", "success"]);
    expect(search.has("branch")).toBe(false);
  });

  it("gives an empty query for no parameters", () => {
    expect(toSearchParams({}).toString()).toBe("");
  });

  it("keeps an empty value (present but blank), as the browser's URLSearchParams does", () => {
    expect(toSearchParams({ q: "" }).toString()).toBe("q=");
  });
});

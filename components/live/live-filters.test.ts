import { describe, expect, it } from "vitest";
import { hasLiveFilters, liveFilterSearch, liveJobFilters, parseLiveFilters } from "./live-filters";

const parse = (query: string) => parseLiveFilters(new URLSearchParams(query));

describe("parseLiveFilters", () => {
  it("reads every filter, trimmed", () => {
    expect(
      parse("repo=acme/api&branch=%20main%20&author=dana&pool=linux,%20x64&source=gitlab&mine=1"),
    ).toEqual({
      repo: "acme/api",
      branch: "main",
      author: "dana",
      pool: "linux, x64",
      source: "gitlab",
      mine: true,
    });
  });

  it("ignores blanks, unknown sources, over-long values and unknown keys", () => {
    expect(parse(`repo=&branch=%20&source=travis&author=${"x".repeat(301)}&status=failure&by=pool`)).toEqual({
      mine: false,
    });
  });

  it("takes a source in any case, and mine as 1 or true only", () => {
    expect(parse("source=GitHub&mine=TRUE")).toEqual({ source: "github", mine: true });
    expect(parse("mine=yes")).toEqual({ mine: false });
    expect(parse("mine=0")).toEqual({ mine: false });
  });
});

describe("liveJobFilters", () => {
  it("resolves mine to the signed-in name, over an explicit author", () => {
    expect(liveJobFilters(parse("author=sam&mine=1&repo=acme/api"), "dana")).toEqual({
      author: "dana",
      repo: "acme/api",
    });
  });

  it("keeps the explicit author when no one is signed in", () => {
    expect(liveJobFilters(parse("author=sam&mine=1"), null)).toEqual({ author: "sam" });
    expect(liveJobFilters(parse("mine=1"), null)).toEqual({});
  });

  it("passes source, pool and branch through", () => {
    expect(liveJobFilters(parse("source=buildkite&pool=gpu&branch=main"), "dana")).toEqual({
      source: "buildkite",
      pool: "gpu",
      branch: "main",
    });
  });
});

describe("hasLiveFilters and liveFilterSearch", () => {
  it("round-trips through the URL in a fixed key order", () => {
    const filters = parse("mine=true&source=github&pool=gpu&author=a&branch=b&repo=r");
    expect(liveFilterSearch(filters).toString()).toBe(
      "repo=r&branch=b&author=a&pool=gpu&source=github&mine=1",
    );
    expect(parseLiveFilters(liveFilterSearch(filters))).toEqual(filters);
  });

  it("says whether anything narrows the view", () => {
    expect(hasLiveFilters(parse(""))).toBe(false);
    expect(hasLiveFilters(parse("mine=1"))).toBe(true);
    expect(hasLiveFilters(parse("source=jenkins"))).toBe(true);
    expect(hasLiveFilters(parse("pool=gpu"))).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import {
  DEFAULT_METRIC_WINDOW,
  hasMetricFilters,
  metricFiltersFromSearchParams,
  metricFiltersToSearchParams,
  metricPageHref,
  metricQueryOf,
} from "./metric-filter-state";

const parse = (query: string) => metricFiltersFromSearchParams(new URLSearchParams(query));

describe("metric filters in the URL", () => {
  it("reads every filter, trimming values", () => {
    expect(
      parse("window=7d&source=gitlab&repo=%20acme/web%20&branch=main&workflow=CI&job=test&label=linux"),
    ).toEqual({
      window: "7d",
      source: "gitlab",
      repo: "acme/web",
      branch: "main",
      workflow: "CI",
      job: "test",
      label: "linux",
    });
  });

  it("falls back to the default window and drops what the API would refuse", () => {
    const filters = parse(`window=2y&source=travis&repo=&branch=%20%20&label=${"x".repeat(301)}`);
    expect(filters).toEqual({ window: DEFAULT_METRIC_WINDOW });
    expect(parse("").window).toBe("24h");
    // A valid duration the picker does not offer is not silently kept either.
    expect(parse("window=12h").window).toBe("24h");
  });

  it("writes only what is set, leaving the default window out", () => {
    expect(metricFiltersToSearchParams({ window: "24h" }).toString()).toBe("");
    expect(
      metricFiltersToSearchParams({ window: "30d", repo: "acme/web", source: "github" }).toString(),
    ).toBe("window=30d&source=github&repo=acme%2Fweb");
  });

  it("round-trips: a link reproduces the view", () => {
    const filters = {
      window: "90d",
      source: "buildkite",
      repo: "acme/mono repo",
      branch: "feature/a&b",
      workflow: "CI · nightly",
      job: "test (3.12)",
      label: "queue=default",
    } as const;
    expect(metricFiltersFromSearchParams(metricFiltersToSearchParams(filters))).toEqual(filters);
  });

  it("builds page links with page-specific parameters", () => {
    expect(metricPageHref("/triage", { window: "24h" })).toBe("/triage");
    expect(metricPageHref("/triage", { window: "7d", repo: "acme/web" }, { group: "workflow", x: "" })).toBe(
      "/triage?window=7d&repo=acme%2Fweb&group=workflow",
    );
  });

  it("knows when filters narrow the view, and sends only the set ones", () => {
    expect(hasMetricFilters(parse("window=7d"))).toBe(false);
    expect(hasMetricFilters(parse("label=gpu"))).toBe(true);
    expect(metricQueryOf({ window: "1h", repo: "", source: "jenkins" })).toEqual({
      window: "1h",
      source: "jenkins",
    });
  });
});

import { describe, expect, it } from "vitest";
import { negotiateFormat } from "./exposition";
import { labelCap, OVERFLOW_LABEL } from "./label-cap";

describe("negotiateFormat", () => {
  it("serves OpenMetrics to the Accept header Prometheus sends", () => {
    expect(
      negotiateFormat(
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
      ),
    ).toBe("openMetrics");
    expect(
      negotiateFormat("application/openmetrics-text; version=0.0.1,text/plain;version=0.0.4;q=0.5"),
    ).toBe("openMetrics");
  });

  it("serves the text format without a preference for OpenMetrics", () => {
    expect(negotiateFormat(undefined)).toBe("prometheus");
    expect(negotiateFormat("*/*")).toBe("prometheus");
    expect(negotiateFormat("text/plain;version=0.0.4")).toBe("prometheus");
    expect(negotiateFormat("application/openmetrics-text;q=0")).toBe("prometheus");
    expect(negotiateFormat("application/openmetrics-text;q=0.4,text/plain;q=0.9")).toBe("prometheus");
    expect(negotiateFormat("application/openmetrics-text;q=oops")).toBe("prometheus");
  });
});

describe("labelCap", () => {
  it("keeps the first values and folds later ones into `other`", () => {
    const cap = labelCap(2);
    expect(["a", "b", "c", "a", "d", "b"].map(cap)).toEqual([
      "a",
      "b",
      OVERFLOW_LABEL,
      "a",
      OVERFLOW_LABEL,
      "b",
    ]);
    expect(OVERFLOW_LABEL).toBe("other");
  });
});

import { describe, expect, it } from "vitest";
import { GENERIC_EXAMPLE, genericDeliverySchema } from "./generic";

/** The first issue of a body the schema refuses, as `path: message`. */
function refusal(body: unknown): string {
  const result = genericDeliverySchema.safeParse(body);
  if (result.success) return "accepted";
  const issue = result.error.issues[0]!;
  return `${issue.path.join(".")}: ${issue.message}`;
}

const job = (patch: Record<string, unknown>) => ({ version: 1, job: { ...GENERIC_EXAMPLE.job, ...patch } });

describe("genericDeliverySchema", () => {
  it("accepts the documented example as it is", () => {
    expect(genericDeliverySchema.parse(GENERIC_EXAMPLE)).toEqual(GENERIC_EXAMPLE);
  });

  it("accepts the smallest body: version, id, repo, name and status", () => {
    const smallest = { version: 1, job: { id: "a", repo: "r", name: "n", status: "queued" } };
    expect(genericDeliverySchema.parse(smallest)).toEqual(smallest);
  });

  it("ignores unknown fields, so a job copied from the API is accepted", () => {
    const copied = { version: 1, job: { ...GENERIC_EXAMPLE.job, source: "generic", queueMs: 5000 } };
    expect(genericDeliverySchema.parse(copied).job).toEqual(GENERIC_EXAMPLE.job);
  });

  it.each([
    [{ ...GENERIC_EXAMPLE, version: 2 }, "version: Invalid input: expected 1"],
    [job({ id: "" }), "job.id: Too small: expected string to have >=1 characters"],
    [job({ id: "x".repeat(201) }), "job.id: Too big: expected string to have <=200 characters"],
    [job({ name: "two\nlines" }), "job.name: must not contain control characters or unpaired surrogates"],
    [
      job({ status: "done" }),
      'job.status: Invalid option: expected one of "queued"|"waiting"|"running"|"success"|"failure"|"cancelled"|"skipped"|"timed_out"|"neutral"',
    ],
    [
      job({ startedAt: "2026-01-15T10:00:05" }),
      "job.startedAt: must be an ISO 8601 date-time with Z or an offset, or null",
    ],
    [
      job({ startedAt: "0000-01-01T00:00:00+01:00" }),
      "job.startedAt: must fall within the years 0000–9999 in UTC",
    ],
    [job({ url: "javascript:alert(1)" }), "job.url: must be an http(s) URL"],
    [job({ attempt: 0 }), "job.attempt: Too small: expected number to be >=1"],
    [
      job({ failure: { cause: "Infra" } }),
      "job.failure.cause: must be a lower-case code such as step_failed",
    ],
    [
      job({ runner: { labels: Array.from({ length: 51 }, (_, i) => `l${i}`) } }),
      "job.runner.labels: Too big: expected array to have <=50 items",
    ],
  ])("refuses %j naming the field", (body, expected) => {
    expect(refusal(body)).toBe(expected);
  });
});

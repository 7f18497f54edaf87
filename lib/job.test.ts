import { describe, expect, it } from "vitest";
import { isTerminal, jobSourceSchema, jobStatusSchema, MAX_TIME_MS, MIN_TIME_MS } from "./job";
import { runIdOf } from "./run";
import { poolOf } from "./runner";

describe("isTerminal", () => {
  it.each([
    ["queued", false],
    ["waiting", false],
    ["running", false],
    ["success", true],
    ["failure", true],
    ["cancelled", true],
    ["skipped", true],
    ["timed_out", true],
  ] as const)("%s → %s", (status, terminal) => {
    expect(isTerminal(status)).toBe(terminal);
  });
});

describe("status and source schemas", () => {
  it("take the known names only", () => {
    expect(jobStatusSchema.safeParse("running").success).toBe(true);
    expect(jobStatusSchema.safeParse("Running").success).toBe(false);
    expect(jobStatusSchema.safeParse("toString").success).toBe(false);
    expect(jobSourceSchema.safeParse("gitlab").success).toBe(true);
    expect(jobSourceSchema.safeParse("travis").success).toBe(false);
  });
});

describe("time bounds", () => {
  it("are the first and last instants with a 4-digit year", () => {
    expect(new Date(MIN_TIME_MS).toISOString()).toBe("0000-01-01T00:00:00.000Z");
    expect(new Date(MAX_TIME_MS).toISOString()).toBe("9999-12-31T23:59:59.999Z");
    expect(new Date(MAX_TIME_MS + 1).toISOString()).toBe("+010000-01-01T00:00:00.000Z");
  });
});

describe("runIdOf", () => {
  it("prefixes the vendor's run id with the source", () => {
    expect(runIdOf({ source: "github", runId: "2202229078" })).toBe("github:2202229078");
    expect(runIdOf({ source: "jenkins", runId: "folder/job#12" })).toBe("jenkins:folder/job#12");
  });
});

describe("poolOf", () => {
  it("joins a runner's labels, sorted and without repeats", () => {
    expect(poolOf(["x64", "linux", "x64"], "default")).toBe("linux, x64");
  });

  it("falls back to the group, then to unlabelled", () => {
    expect(poolOf([], "gpu-boxes")).toBe("gpu-boxes");
    expect(poolOf([], null)).toBe("unlabelled");
    // A Buildkite job asks for its queue; the agent reports the queue among other tags: one pool.
    expect(poolOf(["queue=default"], "default")).toBe("queue=default");
    expect(poolOf(["queue=default", "os=linux", "arch=amd64"], "default")).toBe("queue=default");
  });
});

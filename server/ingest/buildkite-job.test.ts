import { describe, expect, it } from "vitest";
import { buildkiteBuildStatus, forgeRepo, repoOf } from "./buildkite-build";
import { buildkiteJobStatus, failureHint, queueOf, type JobStateFacts } from "./buildkite-job";

const facts = (state: string, more: Partial<JobStateFacts> = {}): JobStateFacts => ({
  state,
  passed: null,
  soft_failed: null,
  exit_status: null,
  broken_reason: null,
  ...more,
});

describe("buildkiteJobStatus: every documented job state", () => {
  it.each([
    ["pending", "queued"],
    ["limited", "queued"],
    ["limiting", "queued"],
    ["scheduled", "queued"],
    ["unblocked", "queued"],
    ["assigned", "queued"],
    ["accepted", "queued"],
    ["waiting", "waiting"],
    ["blocked", "waiting"],
    ["running", "running"],
    ["started", "running"],
    ["timing_out", "running"],
    ["canceling", "running"],
    ["passed", "success"],
    ["failed", "failure"],
    ["timed_out", "timed_out"],
    ["canceled", "cancelled"],
    ["skipped", "skipped"],
    ["waiting_failed", "skipped"],
    ["blocked_failed", "skipped"],
    ["unblocked_failed", "skipped"],
    ["expired", "failure"],
    ["broken", "skipped"],
    ["finished", "failure"],
    ["a_state_added_later", "queued"],
    ["constructor", "queued"],
    ["__proto__", "queued"],
    ["toString", "queued"],
    ["hasOwnProperty", "queued"],
  ] as const)("%s → %s", (state, expected) => {
    expect(buildkiteJobStatus(facts(state))).toBe(expected);
  });

  it("counts a soft failure as success", () => {
    expect(buildkiteJobStatus(facts("failed", { soft_failed: true, exit_status: 1 }))).toBe("success");
    expect(buildkiteJobStatus(facts("finished", { soft_failed: true, passed: false }))).toBe("success");
  });

  it("reads `finished` through passed, then exit_status", () => {
    expect(buildkiteJobStatus(facts("finished", { passed: true, exit_status: 1 }))).toBe("success");
    expect(buildkiteJobStatus(facts("finished", { passed: false, exit_status: 0 }))).toBe("failure");
    expect(buildkiteJobStatus(facts("finished", { exit_status: 0 }))).toBe("success");
    expect(buildkiteJobStatus(facts("finished", { exit_status: 2 }))).toBe("failure");
  });

  it.each([
    [null, "skipped"],
    ["conditional_failed", "skipped"],
    ["branch_mismatch", "skipped"],
    ["optimizer_removed", "skipped"],
    ["parallelism_zero", "skipped"],
    ["legacy_step", "skipped"],
    ["Step could not be processed", "failure"],
    ["constructor", "failure"],
  ] as const)("broken with reason %s → %s", (reason, expected) => {
    expect(buildkiteJobStatus(facts("broken", { broken_reason: reason }))).toBe(expected);
  });
});

describe("failureHint", () => {
  const hint = (state: string, signal_reason: string | null, exit_status: number | null = null) =>
    failureHint({ state, signal_reason, exit_status });

  it.each([
    ["expired", null, null, "no_runner"],
    ["broken", null, null, "startup_failure"],
    ["failed", "agent_refused", -1, "infrastructure"],
    ["failed", "agent_stop", -1, "runner_lost"],
    ["failed", "signature_rejected", -1, "startup_failure"],
    ["failed", "process_run_error", -1, "infrastructure"],
    ["failed", null, 1, "step_failed"],
    ["failed", "cancel", 1, "step_failed"],
    ["failed", "constructor", null, undefined],
    ["failed", null, null, undefined],
    ["passed", null, 0, undefined],
  ] as const)("%s / %s / exit %s → %s", (state, signal, exit, expected) => {
    expect(hint(state, signal, exit)).toBe(expected);
  });
});

describe("buildkiteBuildStatus", () => {
  it.each([
    ["creating", "queued"],
    ["scheduled", "queued"],
    ["running", "running"],
    ["started", "running"],
    ["failing", "running"],
    ["canceling", "running"],
    ["waiting", "waiting"],
    ["blocked", "waiting"],
    ["passed", "success"],
    ["failed", "failure"],
    ["waiting_failed", "failure"],
    ["canceled", "cancelled"],
    ["skipped", "skipped"],
    ["not_run", "skipped"],
    ["something_new", "queued"],
    ["constructor", "queued"],
    ["__proto__", "queued"],
  ] as const)("%s → %s", (state, expected) => {
    expect(buildkiteBuildStatus(state, false)).toBe(expected);
  });

  it("reads a blocked build as waiting whatever its state says", () => {
    expect(buildkiteBuildStatus("passed", true)).toBe("waiting");
    expect(buildkiteBuildStatus("running", true)).toBe("waiting");
  });
});

describe("repository names", () => {
  it.each([
    ["git@github.com:acme/api.git", "acme/api"],
    ["https://github.com/acme/api.git", "acme/api"],
    ["https://github.com/acme/api", "acme/api"],
    ["ssh://git@github.com/acme/api.git", "acme/api"],
    ["git@github.acme.corp:platform/api.git", "platform/api"],
    ["git@gitlab.com:group/sub/project.git", "group/sub/project"],
    ["https://gitlab.example.com/group/project.git", "group/project"],
    ["git@bitbucket.org:acme/api.git", "acme/api"],
    ["git@github.com:nithyaasworld/add-contact-chip.git", "nithyaasworld/add-contact-chip"],
    ["git@somewhere.com:project.git", null],
    ["git@example.com:project.git", null],
    ["https://github.com/acme", null],
    ["not a url", null],
    ["", null],
  ] as const)("forgeRepo(%s) → %s", (address, expected) => {
    expect(forgeRepo(address)).toBe(expected);
  });

  const pipeline = { slug: "api", name: "API", repository: null, web_url: null };

  it("names other hosts' repositories by the Buildkite org and pipeline", () => {
    const withUrl = {
      ...pipeline,
      repository: "git@somewhere.com:project.git",
      web_url: "https://buildkite.com/acme/api",
    };
    expect(repoOf(withUrl, { web_url: null })).toBe("acme/api");
    expect(repoOf(pipeline, { web_url: "https://buildkite.com/acme/api/builds/12" })).toBe("acme/api");
    expect(repoOf(pipeline, { web_url: null })).toBe("api");
    expect(repoOf({ ...pipeline, repository: "https://github.com/acme/web.git" }, { web_url: null })).toBe(
      "acme/web",
    );
  });

  it("needs at least the pipeline slug", () => {
    expect(() => repoOf({ ...pipeline, slug: null }, { web_url: null })).toThrow(
      expect.objectContaining({ field: "pipeline.slug" }),
    );
  });
});

describe("queueOf", () => {
  it.each([
    [["queue=default"], "default"],
    [["os=linux", "queue = deploy "], "deploy"],
    [["queue="], null],
    [["queues=x", "*"], null],
    [[], null],
  ] as const)("%j → %s", (tags, expected) => {
    expect(queueOf(tags)).toBe(expected);
  });
});

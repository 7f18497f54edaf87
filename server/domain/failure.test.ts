import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Job, JobFailure, JobStatus, JobStep } from "../../lib/job";
import { failureHint } from "../ingest/buildkite-job";
import { gitlabFailureHint } from "../ingest/gitlab-status";
import {
  FAILURE_CAUSES,
  FAILURE_CAUSE_LABELS,
  causeOf,
  causeOfReason,
  causeOfStepName,
  classifyFailure,
  type FailureCause,
  type FailureFacts,
} from "./failure";

// Read directly, not through server/test/helpers: that module starts servers this pure test has no use for.
const GITHUB_FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/github");

const step = (name: string, status: JobStatus = "success"): JobStep => ({
  name,
  status,
  startedAt: null,
  finishedAt: null,
});

const failedAt = (name: string) => [
  step("Set up job"),
  step(name, "failure"),
  step("Complete job", "skipped"),
];

describe("classifyFailure: the rule table, first match wins", () => {
  it.each(["success", "skipped", "queued", "waiting", "running"] as const)(
    "gives %s no failure",
    (status) => {
      expect(
        classifyFailure({ status, steps: failedAt("Run tests"), hint: "infrastructure", reason: "x" }),
      ).toBeNull();
    },
  );

  it.each<[string, FailureFacts, JobFailure]>([
    [
      "1. timed_out beats a hint, a reason and the step",
      { status: "timed_out", steps: failedAt("Run tests"), hint: "infrastructure", reason: "ECONNRESET" },
      { cause: "timeout", step: "Run tests", reason: "ECONNRESET" },
    ],
    [
      "1. a step that timed out is the failing step",
      { status: "timed_out", steps: [step("Build", "timed_out")] },
      { cause: "timeout", step: "Build" },
    ],
    [
      "2. cancelled beats a hint; the cancelled step is kept",
      {
        status: "cancelled",
        steps: [step("Set up job"), step("Run tests", "cancelled")],
        hint: "runner_lost",
      },
      { cause: "cancelled", step: "Run tests" },
    ],
    [
      "3. a vendor hint beats the reason and the step",
      {
        status: "failure",
        steps: failedAt("Run tests"),
        hint: "infrastructure",
        reason: "connection reset by peer",
      },
      { cause: "infrastructure", step: "Run tests", reason: "connection reset by peer" },
    ],
    [
      "3. every hint but step_failed is final",
      { status: "failure", steps: [], hint: "no_runner", reason: "no_matching_runner" },
      { cause: "no_runner", step: null, reason: "no_matching_runner" },
    ],
    [
      "4. the reason beats the step: why over where",
      { status: "failure", steps: failedAt("Run tests"), reason: "npm ERR! network ETIMEDOUT" },
      { cause: "dependency", step: "Run tests", reason: "npm ERR! network ETIMEDOUT" },
    ],
    [
      "4. the reason refines the hint step_failed",
      { status: "failure", steps: [], hint: "step_failed", reason: "UNSTABLE" },
      { cause: "test", step: null, reason: "UNSTABLE" },
    ],
    [
      "5. the failing step's name",
      { status: "failure", steps: failedAt("Run tests") },
      { cause: "test", step: "Run tests" },
    ],
    [
      "5. only the first failing step counts",
      { status: "failure", steps: [step("Install dependencies", "failure"), step("Run tests", "failure")] },
      { cause: "dependency", step: "Install dependencies" },
    ],
    [
      "5. a reason no rule reads leaves it to the step",
      { status: "failure", steps: failedAt("Build image"), reason: "exit status 1" },
      { cause: "build", step: "Build image", reason: "exit status 1" },
    ],
    [
      "5. the normaliser's step under hint step_failed (a GitLab stage)",
      {
        status: "failure",
        steps: [],
        hint: "step_failed",
        reason: "script_failure",
        step: "test",
        name: "deploy",
      },
      { cause: "test", step: "test", reason: "script_failure" },
    ],
    [
      "5. then the job's name under hint step_failed",
      { status: "failure", steps: [], hint: "step_failed", step: "verify", name: "rspec 1/3" },
      { cause: "test", step: "verify" },
    ],
    [
      "5. a failing step beats the normaliser's step",
      { status: "failure", steps: failedAt("Run npm ci"), hint: "step_failed", step: "test" },
      { cause: "dependency", step: "Run npm ci" },
    ],
    [
      "6. a failing step no rule names",
      { status: "failure", steps: failedAt("Run ./scripts/deploy.sh") },
      { cause: "step_failed", step: "Run ./scripts/deploy.sh" },
    ],
    [
      "6. hint step_failed with nothing the rules name",
      { status: "failure", steps: [], hint: "step_failed", name: ":rocket: Deploy" },
      { cause: "step_failed", step: null },
    ],
    [
      "2. a cancelled job without steps is pinned to no step, whatever the hint",
      {
        status: "cancelled",
        steps: [],
        hint: "step_failed",
        reason: "script_failure",
        step: "test",
        name: "rspec",
      },
      { cause: "cancelled", step: null, reason: "script_failure" },
    ],
    [
      "7. no step, no hint, no reason",
      { status: "failure", steps: [step("Set up job")] },
      { cause: "unknown", step: null },
    ],
    [
      "7. a reason no rule reads",
      { status: "failure", steps: [], reason: "unknown_failure" },
      { cause: "unknown", step: null, reason: "unknown_failure" },
    ],
    [
      "7. step and name are read only under hint step_failed",
      { status: "failure", steps: [], step: "test", name: "Run tests" },
      { cause: "unknown", step: null },
    ],
  ])("%s", (_what, facts, expected) => {
    expect(classifyFailure(facts)).toEqual(expected);
  });
});

// Every kind of name here is a real one: GitHub fixture steps, the demo catalog, Buildkite and GitLab job names.
describe("step rules", () => {
  it.each<[string, FailureCause | undefined]>([
    // Examples of issue 5.
    ["Run tests", "test"],
    ["Install dependencies", "dependency"],
    ["Build image", "build"],
    ["Set up job", "infrastructure"],
    // The runner's own steps.
    ["Complete job", "infrastructure"],
    ["Set up runner", "infrastructure"],
    ["Initialize containers", "infrastructure"],
    ["Stop containers", "infrastructure"],
    ["Post job cleanup.", "infrastructure"],
    // Fetching: the verb wins over what is fetched.
    ["Run actions/checkout@v2", "dependency"],
    ["Checkout Repo", "dependency"],
    ["Run yarn install", "dependency"],
    ["Run yarn", "dependency"],
    ["Run npm ci", "dependency"],
    ["Run pnpm i --frozen-lockfile", "dependency"],
    ["Run pip install -r requirements.txt", "dependency"],
    ["Run pip install -r requirements-test.txt", "dependency"],
    ["Run bundle install", "dependency"],
    ["Run pod install", "dependency"],
    ["Run npx playwright install --with-deps", "dependency"],
    ["Install test dependencies", "dependency"],
    ["Get yarn cache directory path", "dependency"],
    ["Run actions/cache@v2", "dependency"],
    ["Post Run actions/cache@v2", "dependency"],
    ["Restore NuGet packages", "dependency"],
    ["Run actions/download-artifact@v4", "dependency"],
    ["Run actions/upload-artifact@v4", "dependency"],
    ["Run dvc pull", "dependency"],
    ["Run go mod download", "dependency"],
    ["dependencies", "dependency"],
    // Test runners, linters, `<tool> test`.
    ["Run npm test -- --shard=$SHARD", "test"],
    ["Run npx playwright test", "test"],
    ["Run pytest -q", "test"],
    ["Run bundle exec rspec", "test"],
    ["Run make test", "test"],
    ["Run make check", "test"],
    ["Run go test ./...", "test"],
    ["cargo test 1/2", "test"],
    ["Run ./gradlew testReleaseUnitTest", "test"],
    ["Run xcodebuild test-without-building", "test"],
    ["Run yarn run js-lint", "test"],
    ["Run yarn run format-check", "test"],
    ["Run npm run lint", "test"],
    ["Run npm run format:check", "test"],
    ["golangci-lint", "test"],
    [":eslint: Lint", "test"],
    [":rubocop: Rubocop", "test"],
    ["Run Rubocop", "test"],
    ["Run Brakeman", "test"],
    ["Run Bundle Audit", "test"],
    [":playwright: E2E", "test"],
    ["Run cypress-io/github-action@v6", "test"],
    // Building.
    ["Run npm run build", "build"],
    ["Run docker/build-push-action@v6", "build"],
    [":docker: Build image", "build"],
    [":xcode: iOS build", "build"],
    ["Run xcodebuild build-for-testing", "build"],
    ["Autobuild", "build"],
    ["Run ./gradlew assembleRelease", "build"],
    ["cargo build", "build"],
    ["compile", "build"],
    ["Compile tests", "build"],
    ["Build test image", "build"],
    ["Run tsc --noEmit", "build"],
    ["Run npm run typecheck", "build"],
    ["Run make", "build"],
    ["Run cmake --build build", "build"],
    ["Run npx webpack", "build"],
    ["Bundle assets", "build"],
    ["Run npm run build:events -- --check --cached", "build"],
    ["test-build", "build"],
    // Tests by name.
    [":nodejs: Test", "test"],
    ["unit-tests", "test"],
    ["integration-tests", "test"],
    ["Run ./scripts/smoke-test.sh", "test"],
    ["Run unittests", "test"],
    ["Check formatting", "test"],
    ["specs", "test"],
    ["Start test runner", "test"],
    // Toolchain set-up.
    ["Run actions/setup-node@v4", "dependency"],
    ["Run actions/setup-python@v5", "dependency"],
    ["Run docker/setup-buildx-action@v3", "dependency"],
    ["Run maxim-lobanov/setup-xcode@v1", "dependency"],
    ["Set up JDK 17", "dependency"],
    // The machine.
    ["Provision runner VM", "infrastructure"],
    ["Wait for agent", "infrastructure"],
    // Nothing to go on.
    ["Run ./scripts/deploy.sh", undefined],
    ["Run terraform plan -out=tfplan", undefined],
    ["Run python train.py --config configs/nightly.yaml", undefined],
    ["Flash firmware", undefined],
    ["Perform CodeQL Analysis", undefined],
    [":rocket: Deploy", undefined],
    ["deploy-production", undefined],
    ["Deploy latest", undefined],
    ["Pipeline for buildkite", undefined],
    ["", undefined],
  ])("%j → %s", (name, expected) => {
    expect(causeOfStepName(name)).toBe(expected);
  });

  it("is case-insensitive", () => {
    expect(causeOfStepName("RUN TESTS")).toBe("test");
    expect(causeOfStepName("INSTALL DEPENDENCIES")).toBe("dependency");
  });
});

describe("reason rules", () => {
  it.each<[string, FailureCause | undefined]>([
    ["npm ERR! code ECONNRESET", "dependency"],
    ["getaddrinfo ENOTFOUND registry.npmjs.org", "dependency"],
    ["Connection timed out while fetching https://repo.maven.apache.org", "dependency"],
    ["Could not resolve host: github.com", "dependency"],
    ["Could not resolve dependencies for project acme:web", "dependency"],
    ["The self-hosted runner: rack2 lost communication with the server.", "runner_lost"],
    ["The runner has received a shutdown signal.", "runner_lost"],
    ["Agent was lost", "runner_lost"],
    ["Container killed: out of memory", "infrastructure"],
    ["OOMKilled", "infrastructure"],
    ["write /tmp/x: no space left on device", "infrastructure"],
    ["disk full on rack-3", "infrastructure"],
    ["The job exceeded the maximum time limit", "timeout"],
    ["context deadline exceeded", "timeout"],
    ["Test step timed out after 30m", "timeout"],
    ["UNSTABLE", "test"],
    ["unstable", "test"],
    ["3 tests failed", "test"],
    ["AssertionError: expected 1 to be 2", "test"],
    ["Compilation failed: 2 errors", "build"],
    ["error TS2322 compiler error", "build"],
    // Vendor codes that mean nothing here, or that their hint already says.
    ["Build failed", undefined],
    ["Unstable network build", undefined],
    ["script_failure", undefined],
    ["unknown_failure", undefined],
    ["trace_size_exceeded", undefined],
    ["CRASHED", undefined],
    ["FAILURE", undefined],
    ["cancel", undefined],
    ["constructor", undefined],
    ["", undefined],
  ])("%j → %s", (reason, expected) => {
    expect(causeOfReason(reason)).toBe(expected);
  });
});

describe("vendor values from the fixtures", () => {
  interface WorkflowJob {
    conclusion: string | null;
    steps: { name: string; conclusion: string | null }[];
  }
  const workflowJob = (file: string) =>
    (JSON.parse(fs.readFileSync(path.join(GITHUB_FIXTURES, file), "utf8")) as { workflow_job: WorkflowJob })
      .workflow_job;
  const fixtures = fs.readdirSync(GITHUB_FIXTURES).filter((f) => /^workflow_job\..*\.json$/.test(f));

  // Every step name of every workflow_job fixture, so a new fixture is classified here first.
  const GITHUB_STEPS: Record<string, FailureCause | undefined> = {
    "Set up job": "infrastructure",
    "Complete job": "infrastructure",
    "Run actions/checkout@v2": "dependency",
    "Run actions/checkout@2541b1294d2704b0964813337f33b291d3f8596b": "dependency",
    "Post Run actions/checkout@v2": "dependency",
    "Post Run actions/checkout@2541b1294d2704b0964813337f33b291d3f8596b": "dependency",
    "Checkout Repo": "dependency",
    "Post Checkout Repo": "dependency",
    "Run actions/setup-node@v2": "dependency",
    "Post Run actions/setup-node@v2": "dependency",
    "Run actions/setup-node@2fddd8803e2f5c9604345a0b591c3020ee971a93": "dependency",
    "Post Run actions/setup-node@2fddd8803e2f5c9604345a0b591c3020ee971a93": "dependency",
    "Get yarn cache directory path": "dependency",
    "Run actions/cache@v2": "dependency",
    "Post Run actions/cache@v2": "dependency",
    "Run yarn install": "dependency",
    "Install Ruby": "dependency",
    "Run npm ci": "dependency",
    "Run yarn run js-lint": "test",
    "Run yarn run format-check": "test",
    "Run Rubocop": "test",
    "Run Brakeman": "test",
    "Run Bundle Audit": "test",
    "Run npm run build:events -- --check --cached": "build",
    "Run git status": undefined,
    "Run git diff --exit-code || bash -c \\": undefined,
  };

  it("classifies every step name of the GitHub workflow_job fixtures", () => {
    const names = new Set(fixtures.flatMap((f) => workflowJob(f).steps.map((s) => s.name)));
    expect([...names].sort()).toEqual(Object.keys(GITHUB_STEPS).sort());
    for (const name of names) expect(causeOfStepName(name), name).toBe(GITHUB_STEPS[name]);
  });

  it("names the failing fixture job's cause: its format check failed", () => {
    const wj = workflowJob("workflow_job.completed.1.json");
    expect(wj.conclusion).toBe("failure");
    const steps = wj.steps.map((s) => step(s.name, s.conclusion === "failure" ? "failure" : "success"));
    expect(classifyFailure({ status: "failure", steps })).toEqual({
      cause: "test",
      step: "Run yarn run format-check",
    });
  });

  const gitlabFailed = (reason: string, stage: string | null, name: string, status: JobStatus = "failure") =>
    classifyFailure({ status, steps: [], hint: gitlabFailureHint(reason), reason, step: stage, name });

  it.each<[string, string | null, string, JobStatus, FailureCause, string | null]>([
    // The pipeline fixture's failed job, and the Job Hook fixture's reason on a failed job.
    ["script_failure", "test", "test-build", "failure", "test", "test"],
    ["unknown_failure", "coordinated:tag", "auto_deploy:start", "failure", "unknown", null],
    ["script_failure", "coordinated:tag", "auto_deploy:start", "failure", "step_failed", "coordinated:tag"],
    ["script_failure", "build", "compile", "failure", "build", "build"],
    ["script_failure", "deploy", "deploy-staging", "failure", "step_failed", "deploy"],
    ["script_failure", "verify", "golangci-lint", "failure", "test", "verify"],
    ["runner_system_failure", "test", "unit-tests", "failure", "infrastructure", null],
    ["missing_dependency_failure", "test", "unit-tests", "failure", "dependency", null],
    ["no_matching_runner", "build", "compile", "failure", "no_runner", null],
    ["unmet_prerequisites", "build", "compile", "failure", "startup_failure", null],
    ["job_execution_timeout", "test", "unit-tests", "timed_out", "timeout", null],
    ["trace_size_exceeded", "test", "unit-tests", "failure", "unknown", null],
  ])("GitLab %s in stage %j (job %j) → %s", (reason, stage, name, status, cause, failedStep) => {
    expect(gitlabFailed(reason, stage, name, status)).toEqual({ cause, step: failedStep, reason });
  });

  const buildkiteFailed = (label: string, signal: string | null, exit: number | null, state = "failed") =>
    classifyFailure({
      status: "failure",
      steps: [],
      hint: failureHint({ state, signal_reason: signal, exit_status: exit }),
      reason: signal,
      name: label,
    })?.cause;

  it.each<[string, string | null, number | null, string, FailureCause]>([
    [":nodejs: Test", null, 1, "failed", "test"],
    [":docker: Build image", null, 1, "failed", "build"],
    [":rocket: Deploy", null, 1, "failed", "step_failed"],
    [":nodejs: Test", "agent_stop", -1, "failed", "runner_lost"],
    [":nodejs: Test", "agent_refused", -1, "failed", "infrastructure"],
    [":nodejs: Test", "process_run_error", -1, "failed", "infrastructure"],
    [":nodejs: Test", "signature_rejected", -1, "failed", "startup_failure"],
    [":nodejs: Test", "cancel", 1, "failed", "test"],
    [":nodejs: Test", null, null, "expired", "no_runner"],
    // No exit status and no known signal: nothing says the command failed.
    [":nodejs: Test", null, null, "failed", "unknown"],
  ])("Buildkite %j, signal %s, exit %s, state %s → %s", (label, signal, exit, state, cause) => {
    expect(buildkiteFailed(label, signal, exit, state)).toBe(cause);
  });

  // What the Jenkins normaliser passes: UNSTABLE with hint step_failed, unknown results as the reason.
  it.each<[string, FailureCause, FailureFacts]>([
    ["UNSTABLE", "test", { status: "failure", steps: [], hint: "step_failed", reason: "UNSTABLE" }],
    ["FAILURE", "unknown", { status: "failure", steps: [], reason: null }],
    ["CRASHED", "unknown", { status: "failure", steps: [], reason: "CRASHED" }],
    ["ABORTED", "cancelled", { status: "cancelled", steps: [], reason: null }],
  ])("Jenkins %s → %s", (_result, cause, facts) => {
    expect(classifyFailure(facts)?.cause).toBe(cause);
  });
});

describe("causeOf", () => {
  const job = (
    status: JobStatus,
    failure: JobFailure | null = null,
    lost?: boolean,
  ): Pick<Job, "status" | "failure" | "lost"> => ({
    status,
    failure,
    ...(lost === undefined ? {} : { lost }),
  });

  it.each<[string, Pick<Job, "status" | "failure" | "lost">, FailureCause | null]>([
    ["a lost running job", job("running", null, true), "runner_lost"],
    ["a lost queued job", job("queued", null, true), "runner_lost"],
    ["an active job", job("running"), null],
    ["an active job no longer lost", job("waiting", null, false), null],
    ["a success", job("success"), null],
    ["a skipped job", job("skipped"), null],
    [
      "a stored specific cause",
      job("failure", { cause: "infrastructure", step: "Run tests" }),
      "infrastructure",
    ],
    ["a stored new cause", job("failure", { cause: "test", step: "Run tests" }), "test"],
    ["a timeout", job("timed_out", { cause: "timeout", step: null }), "timeout"],
    ["a cancellation", job("cancelled", { cause: "cancelled", step: null }), "cancelled"],
    ["an old step_failed, re-read", job("failure", { cause: "step_failed", step: "Run tests" }), "test"],
    [
      "an old GitLab script failure",
      job("failure", { cause: "step_failed", step: "build", reason: "script_failure" }),
      "build",
    ],
    [
      "an old Jenkins UNSTABLE",
      job("failure", { cause: "step_failed", step: null, reason: "UNSTABLE" }),
      "test",
    ],
    [
      "a step_failed no rule names",
      job("failure", { cause: "step_failed", step: "Run ./deploy.sh" }),
      "step_failed",
    ],
    ["a step_failed with no step", job("failure", { cause: "step_failed", step: null }), "step_failed"],
    ["an unknown", job("failure", { cause: "unknown", step: null, reason: "unknown_failure" }), "unknown"],
    [
      "a sender's own code",
      job("failure", { cause: "disk_full", step: null, reason: "no space left on device" }),
      "infrastructure",
    ],
    ["a sender's own code on a step", job("failure", { cause: "flaky", step: "deploy" }), "step_failed"],
    ["a failure with none stored", job("failure"), "unknown"],
    ["a timeout with none stored", job("timed_out"), "timeout"],
    ["a timeout stored under a sender's code", job("timed_out", { cause: "slow", step: null }), "timeout"],
  ])("%s → %s", (_what, input, expected) => {
    expect(causeOf(input)).toBe(expected);
  });

  it("agrees with classifyFailure on what it stored", () => {
    const cases: FailureFacts[] = [
      { status: "failure", steps: failedAt("Run tests") },
      { status: "failure", steps: failedAt("Run ./deploy.sh") },
      { status: "failure", steps: [], hint: "step_failed", step: "build", reason: "script_failure" },
      { status: "failure", steps: [], hint: "step_failed", reason: "UNSTABLE" },
      { status: "failure", steps: [], reason: "unknown_failure" },
      { status: "failure", steps: [], hint: "runner_lost", reason: "agent_stop" },
      { status: "timed_out", steps: [] },
    ];
    for (const facts of cases) {
      const failure = classifyFailure(facts);
      expect(causeOf({ status: facts.status, failure }), JSON.stringify(facts)).toBe(failure?.cause);
    }
  });
});

describe("FAILURE_CAUSE_LABELS", () => {
  it("labels every cause, each differently", () => {
    expect(Object.keys(FAILURE_CAUSE_LABELS).sort()).toEqual([...FAILURE_CAUSES].sort());
    const labels = Object.values(FAILURE_CAUSE_LABELS);
    expect(new Set(labels).size).toBe(labels.length);
    expect(FAILURE_CAUSE_LABELS.test).toBe("Test failure");
    expect(FAILURE_CAUSE_LABELS.step_failed).toBe("Failed step");
  });
});

/**
 * Rule-based failure classification. A job that did not succeed gets a
 * `cause` (a short stable code, `lib/failure-causes.ts`), the step that failed
 * when known (kept for drill-down), and the vendor's own reason verbatim. Each
 * normaliser maps its vendor's reason codes (GitLab `build_failure_reason`,
 * Buildkite `signal_reason`, GitHub's `startup_failure` conclusion…) into a
 * `hint`; the hint `step_failed` means "the job's own commands failed" and is
 * refined by the rules below it.
 *
 * Rules, first match wins:
 *
 * | # | When                                                   | Cause              |
 * |---|--------------------------------------------------------|--------------------|
 * | 1 | status `timed_out`                                     | `timeout`          |
 * | 2 | status `cancelled`                                     | `cancelled`        |
 * | 3 | a vendor hint other than `step_failed`                 | the hint           |
 * | 4 | the vendor's reason text matches a REASON rule         | the rule's cause   |
 * | 5 | the failing step's name matches a STEP rule            | the rule's cause   |
 * | 6 | a failing step, or the hint `step_failed`              | `step_failed`      |
 * | 7 | otherwise: no failing step, no hint, no reason it reads | `unknown`          |
 *
 * The failing step is the first step that failed or timed out (for a
 * cancelled job, the step that was cancelled). A failed job without steps
 * whose vendor says its commands failed (hint `step_failed`) is classified by
 * the `step` its normaliser names (GitLab: the stage), then by the job's own
 * name (a GitLab or Buildkite job is itself a pipeline step). `causeOf`
 * re-applies the same rules to a stored failure, for metrics.
 *
 * Names and reasons are matched as lowercase words: every run of characters
 * other than a-z and 0-9 counts as one space, so `actions/setup-node@v4` reads
 * `actions setup node v4` and `format:check` reads `format check`.
 *
 * REASON rules (free text: a generic sender's reason, Jenkins' result), in order:
 *
 * | Cause            | Words                                                               |
 * |------------------|---------------------------------------------------------------------|
 * | `dependency`     | ECONNRESET, ECONNREFUSED, ETIMEDOUT, ENOTFOUND, EAI_AGAIN, getaddrinfo, connection reset/refused/timed out, could not / unable to / failed to resolve, name resolution, network error/unreachable |
 * | `runner_lost`    | lost communication, shutdown signal, runner/agent lost or disconnected |
 * | `infrastructure` | out of memory, OOM, OOMKilled, no space left, disk full/quota        |
 * | `timeout`        | timed out, timeout, time limit, deadline exceeded                    |
 * | `test`           | exactly `UNSTABLE` (Jenkins: tests failed), tests/specs failed, failing tests, assertion |
 * | `build`          | compilation/compile/compiler error(s)/failed                         |
 *
 * STEP rules (the failing step's name), in order — verbs that fetch win over
 * what they fetch ("Install Playwright browsers" is a dependency), test tools
 * win over build tools (`make test`, `bundle exec rspec`), and build words win
 * over the bare word "test" ("Build test image", "Compile tests"):
 *
 * | Cause            | Words                                                               |
 * |------------------|---------------------------------------------------------------------|
 * | `infrastructure` | set up job, setup runner, complete job, initialize/stop containers, post job cleanup (the runner's own steps) |
 * | `dependency`     | install…, npm ci, npm i, pnpm i, a bare `yarn`, restore, cache, checkout, clone, fetch, download, pull, upload, artifact(s), dependencies, deps, go mod download |
 * | `test`           | jest, vitest, mocha, jasmine, karma, pytest, tox, nox, rspec, minitest, cucumber, junit, testng, phpunit, playwright, cypress, selenium, e2e, audit, prettier, rubocop, brakeman, clippy, flake8, ruff, shellcheck, hadolint, …lint…; `<tool> test…` (go, cargo, mvn, gradle, npm, yarn, pnpm, bun, deno, dotnet, xcodebuild, swift, mix, flutter, dart, make, bazel, rake, sbt, ctest); make/gradle check |
 * | `build`          | build…, …build (xcodebuild, autobuild), compile…, tsc, typecheck, make, cmake, ninja, gradle assemble…, webpack, rollup, bundle (not `bundle exec`) |
 * | `test`           | test, tests, testing, unittest(s), spec(s), check(s)                 |
 * | `dependency`     | set up / setup (toolchains: `actions/setup-node`, "Set up JDK 17")  |
 * | `infrastructure` | runner(s), agent(s), provision…                                      |
 */
import {
  FAILURE_CAUSES,
  FAILURE_CAUSE_LABELS,
  isFailureCause,
  type FailureCause,
} from "../../lib/failure-causes";
import { isTerminal, type Job, type JobFailure, type JobStatus, type JobStep } from "../../lib/job";

// Re-exported: server code has always imported the cause codes from here.
export { FAILURE_CAUSES, FAILURE_CAUSE_LABELS, isFailureCause, type FailureCause };

interface Rule {
  cause: FailureCause;
  pattern: RegExp;
}

// Patterns read the output of `words()`: lowercase a-z/0-9 words, one space apart.
const REASON_RULES: readonly Rule[] = [
  {
    cause: "dependency",
    pattern:
      /\b(econnreset|econnrefused|etimedout|enotfound|eai again|getaddrinfo)\b|\bconnection (reset|refused|timed out)\b|\b(could not|unable to|failed to) resolve\b|\bname resolution\b|\bnetwork (error|is unreachable|unreachable)\b/,
  },
  {
    cause: "runner_lost",
    pattern: /\blost communication\b|\bshutdown signal\b|\b(runner|agent) (was |is )?(lost|disconnected)\b/,
  },
  {
    cause: "infrastructure",
    pattern: /\bout of memory\b|\boom ?(killed)?\b|\bno space left\b|\bdisk (full|quota)\b/,
  },
  { cause: "timeout", pattern: /\btimed out\b|\btimeout\b|\btime limit\b|\bdeadline exceeded\b/ },
  {
    cause: "test",
    pattern: /^unstable$|\b(tests?|specs?) failed\b|\bfailing (tests?|specs?)\b|\bassertion(error)?\b/,
  },
  { cause: "build", pattern: /\b(compilation|compile|compiler) (errors?|failed)\b/ },
];

const TEST_TOOLS =
  "jest|vitest|mocha|jasmine|karma|pytest|tox|nox|rspec|minitest|cucumber|junit|testng|phpunit|playwright|cypress|selenium|e2e|audit|prettier|rubocop|brakeman|clippy|flake8|ruff|shellcheck|hadolint|[a-z]*lint(s|er|ers|ing)?";
const TEST_COMMANDS =
  "go|cargo|mvnw?|gradlew?|npm|yarn|pnpm|bun|deno|dotnet|xcodebuild|swift|mix|flutter|dart|make|bazel|rake|sbt|ctest";

const STEP_RULES: readonly Rule[] = [
  {
    cause: "infrastructure",
    pattern: /\b(set ?up|complete) (job|runner)\b|\b(initiali[sz]e|stop) containers\b|\bpost job cleanup\b/,
  },
  {
    cause: "dependency",
    // "cache" but not "cached": `npm run build -- --cached` builds.
    pattern:
      /\b(re)?install(s|ed|ing|ation)?\b|\bnpm (ci|i)\b|\bpnpm i\b|\byarn$|\b(restore|restoring|cache|caches|caching|checkout|clone|cloning|fetch|fetching|download|downloads|downloading|pull|pulling|upload|uploads|uploading|artifacts?|dependencies|deps)\b|\bgo mod download\b/,
  },
  {
    cause: "test",
    pattern: new RegExp(
      `\\b(${TEST_TOOLS})\\b|\\b(${TEST_COMMANDS}) (run )?test[a-z0-9]*\\b|\\b(make|gradlew?) check\\b`,
    ),
  },
  {
    cause: "build",
    pattern:
      /\b[a-z]*build(s|ing)?\b|\bcompil(e|es|ed|er|ing|ation)\b|\btsc\b|\btype ?check(s|ing)?\b|\bc?make\b|\bninja\b|\bgradlew? assemble[a-z0-9]*\b|\bwebpack\b|\brollup\b|\bbundle\b(?! exec)/,
  },
  { cause: "test", pattern: /\b(tests?|testing|unittests?|specs?|checks?)\b/ },
  { cause: "dependency", pattern: /\bset ?up\b/ },
  { cause: "infrastructure", pattern: /\b(runners?|agents?|provision(s|ed|ing)?)\b/ },
];

const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

const firstMatch = (rules: readonly Rule[], text: string): FailureCause | undefined => {
  const normalised = words(text);
  return rules.find((rule) => rule.pattern.test(normalised))?.cause;
};

/** The cause a free-text vendor reason points to, if any REASON rule matches. */
export function causeOfReason(reason: string): FailureCause | undefined {
  return firstMatch(REASON_RULES, reason);
}

/** The cause a step's (or a step-like job's) name points to, if any STEP rule matches. */
export function causeOfStepName(name: string): FailureCause | undefined {
  return firstMatch(STEP_RULES, name);
}

/** What a normaliser knows about why a job ended. */
export interface FailureFacts {
  status: JobStatus;
  steps: JobStep[];
  /** A vendor reason the normaliser recognised, e.g. GitHub `startup_failure`. */
  hint?: FailureCause;
  /** The vendor's reason verbatim, kept for drill-down and read by the REASON rules. */
  reason?: string | null;
  /**
   * For a job without steps: where it failed (GitLab: its stage). Used, and
   * stored as the failing step, only with the hint `step_failed`.
   */
  step?: string | null;
  /** The job's own name: classified after `step`, only with the hint `step_failed`. */
  name?: string | null;
}

interface Evidence {
  status: JobStatus;
  hint?: FailureCause | undefined;
  reason?: string | null | undefined;
  /** Names to read with the STEP rules, most specific first. */
  names: readonly string[];
  /** True when something failed that the rules may not name (a failing step, hint `step_failed`). */
  failed: boolean;
}

// Rules 1-7 of the header table.
function deriveCause({ status, hint, reason, names, failed }: Evidence): FailureCause {
  if (status === "timed_out") return "timeout";
  if (status === "cancelled") return "cancelled";
  if (hint && hint !== "step_failed") return hint;
  const fromReason = reason ? causeOfReason(reason) : undefined;
  if (fromReason) return fromReason;
  for (const name of names) {
    const fromName = causeOfStepName(name);
    if (fromName) return fromName;
  }
  return failed || hint === "step_failed" ? "step_failed" : "unknown";
}

const isFailed = (status: JobStatus) =>
  status === "failure" || status === "timed_out" || status === "cancelled";

/**
 * Classifies a finished job by the rules in this module's header; `null` for
 * jobs that did not fail (success, skipped, still active). `step` is the
 * failing step (or the normaliser's `step` under the hint `step_failed`);
 * `reason` is present only when the vendor gave one.
 */
export function classifyFailure({
  status,
  steps,
  hint,
  reason,
  step,
  name,
}: FailureFacts): JobFailure | null {
  if (!isFailed(status)) return null;
  const failingStep =
    steps.find((s) => s.status === "failure" || s.status === "timed_out")?.name ??
    (status === "cancelled" ? (steps.find((s) => s.status === "cancelled")?.name ?? null) : null);
  // A timeout or cancellation outranks the hint (rules 1-2), so it pins no step either.
  const scriptFailed = hint === "step_failed" && status === "failure";
  const failedStep = failingStep ?? (scriptFailed ? (step ?? null) : null);
  const names = [failedStep, scriptFailed ? name : null].filter((n): n is string => !!n);
  const cause = deriveCause({ status, hint, reason, names, failed: failedStep !== null });
  const failure: JobFailure = { cause, step: failedStep };
  return reason ? { ...failure, reason } : failure;
}

/**
 * The cause a metric counts a job under: `runner_lost` for an active job
 * flagged lost; for a failed, timed-out or cancelled job its stored cause when
 * that is a specific Runwatch cause, else (`step_failed`, `unknown`, a code
 * Runwatch does not assign, no failure stored) the cause the current rules give
 * its stored step and reason — so jobs stored under older rules count like new
 * ones. `null` for every other job.
 */
export function causeOf(job: Pick<Job, "status" | "failure" | "lost">): FailureCause | null {
  if (!isTerminal(job.status)) return job.lost ? "runner_lost" : null;
  if (!isFailed(job.status)) return null;
  const stored = job.failure?.cause;
  if (isFailureCause(stored) && stored !== "step_failed" && stored !== "unknown") return stored;
  const step = job.failure?.step ?? null;
  return deriveCause({
    status: job.status,
    hint: stored === "step_failed" ? "step_failed" : undefined,
    reason: job.failure?.reason,
    names: step ? [step] : [],
    failed: step !== null,
  });
}

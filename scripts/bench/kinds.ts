/**
 * What each kind of job does in the benchmark's data: how long it takes (a
 * log-normal per kind, from about a minute for lint to hours for nightly
 * suites), how often it fails, times out or flakes, and its GitHub steps.
 */
/** What a job does: decides its duration, steps and how it fails. */
export interface JobKind {
  /** Median duration (ms) of the log-normal it is drawn from, and the log-normal's sigma. */
  medianMs: number;
  sigma: number;
  /** Chance of a genuine failure on the default branch (feature branches fail more). */
  failRate: number;
  /** Chance of running into the time limit, and the limit (ms). */
  timeoutRate: number;
  timeoutMs: number;
  /** Share of this kind's failures that a re-run on the same commit fixes (flaky). */
  flakyShare: number;
  /** The GitLab stage of the kind (GitLab reports the stage as the job's workflow). */
  stage: string;
  /** GitHub steps between checkout and the post steps; the first `fails` one is where a failure lands. */
  steps: { name: string; weight: number; fails?: boolean }[];
}

const MIN = 60_000;
const HOUR = 60 * MIN;

const step = (name: string, weight: number, fails = false) => ({ name, weight, fails });

/** The job kinds. */
export const KINDS = {
  lint: {
    medianMs: 70_000,
    sigma: 0.45,
    failRate: 0.035,
    timeoutRate: 0.0005,
    timeoutMs: 15 * MIN,
    flakyShare: 0.05,
    stage: "test",
    steps: [step("Install dependencies", 4), step("Run lint", 6, true), step("Check formatting", 2, true)],
  },
  build: {
    medianMs: 5 * MIN,
    sigma: 0.55,
    failRate: 0.045,
    timeoutRate: 0.003,
    timeoutMs: 45 * MIN,
    flakyShare: 0.15,
    stage: "build",
    steps: [step("Install dependencies", 5), step("Build", 12, true), step("Upload artifact", 1)],
  },
  test: {
    medianMs: 9 * MIN,
    sigma: 0.6,
    failRate: 0.075,
    timeoutRate: 0.006,
    timeoutMs: 60 * MIN,
    flakyShare: 0.45,
    stage: "test",
    steps: [step("Install dependencies", 4), step("Run tests", 20, true), step("Upload coverage", 1)],
  },
  e2e: {
    medianMs: 18 * MIN,
    sigma: 0.5,
    failRate: 0.1,
    timeoutRate: 0.012,
    timeoutMs: 75 * MIN,
    flakyShare: 0.6,
    stage: "test",
    steps: [
      step("Install dependencies", 4),
      step("Install browsers", 3),
      step("Run e2e tests", 25, true),
      step("Upload report", 1),
    ],
  },
  deploy: {
    medianMs: 3 * MIN,
    sigma: 0.5,
    failRate: 0.035,
    timeoutRate: 0.004,
    timeoutMs: 30 * MIN,
    flakyShare: 0.2,
    stage: "deploy",
    steps: [step("Configure credentials", 1), step("Deploy", 10, true), step("Smoke test", 3, true)],
  },
  docker: {
    medianMs: 7 * MIN,
    sigma: 0.5,
    failRate: 0.04,
    timeoutRate: 0.004,
    timeoutMs: 60 * MIN,
    flakyShare: 0.3,
    stage: "build",
    steps: [step("Set up Buildx", 1), step("Build and push image", 15, true)],
  },
  security: {
    medianMs: 11 * MIN,
    sigma: 0.45,
    failRate: 0.025,
    timeoutRate: 0.002,
    timeoutMs: 90 * MIN,
    flakyShare: 0.1,
    stage: "test",
    steps: [step("Initialize CodeQL", 2), step("Autobuild", 8, true), step("Perform analysis", 10, true)],
  },
  nightly: {
    medianMs: 2.5 * HOUR,
    sigma: 0.4,
    failRate: 0.13,
    timeoutRate: 0.03,
    timeoutMs: 6 * HOUR,
    flakyShare: 0.35,
    stage: "integration",
    steps: [
      step("Install dependencies", 1),
      step("Run integration suite", 40, true),
      step("Publish results", 1),
    ],
  },
  docs: {
    medianMs: 100_000,
    sigma: 0.4,
    failRate: 0.02,
    timeoutRate: 0.0005,
    timeoutMs: 20 * MIN,
    flakyShare: 0.05,
    stage: "build",
    steps: [step("Install dependencies", 3), step("Build docs", 5, true)],
  },
} as const satisfies Record<string, JobKind>;

/** A job kind's key. */
export type KindKey = keyof typeof KINDS;

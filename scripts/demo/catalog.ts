/**
 * What a simulated organisation is made of: runner pools, job kinds,
 * workflows, repositories. Pure types and shared job kinds; each vendor's
 * organisation lives in `catalogs/`. Durations are nominal seconds (what a
 * real CI would take); the simulator divides them by `--speed`.
 */

/** A pool of interchangeable runners, selected by a job's labels (`runs-on`, tags, agent queue). */
export interface RunnerPool {
  key: string;
  labels: string[];
  /** Hosted runners get a fresh id per job; self-hosted ones are long-lived (and may be agents). */
  hosted: boolean;
  /** How many jobs the pool runs at once (hosted: the concurrency limit). */
  size: number;
  groupId: number;
  groupName: string;
  /** Runner names: by slot index for self-hosted pools, by runner id for hosted ones. */
  runnerName: (index: number) => string;
  /** Nominal seconds between a runner freeing up and it picking the next job. */
  pickup: [number, number];
}

/** Someone whose push (or bot) triggered a run. */
export interface SimSender {
  login: string;
  id: number;
  type: "User" | "Bot";
  /** Display name (GitLab `user.name`, Buildkite `creator.name`). */
  name: string;
}

/** What a job does; decides its steps, duration and failure rate. */
export interface JobKind {
  /** Nominal duration range, seconds. */
  duration: [number, number];
  /** Chance of a genuine failure (before branch adjustment). */
  failRate: number;
  /** Steps between checkout and the post steps; `fails` marks where a failure can happen. */
  steps: { name: string; weight: number; fails?: boolean }[];
  /** Post steps of the actions used (run in reverse order of their setup). */
  post?: string[];
  /** The GitLab stage a job of this kind runs in. */
  stage: string;
}

const node = (command: string, fails = true) => [
  { name: "Run actions/setup-node@v4", weight: 3 },
  { name: "Run npm ci", weight: 12 },
  { name: `Run ${command}`, weight: 60, fails },
];

/** The job kinds used by the workflows below. */
export const KINDS = {
  lint: {
    duration: [30, 90],
    failRate: 0.04,
    stage: "lint",
    steps: [...node("npm run lint"), { name: "Run npm run format:check", weight: 8, fails: true }],
    post: ["Post Run actions/setup-node@v4"],
  },
  test: {
    duration: [120, 360],
    failRate: 0.08,
    stage: "test",
    steps: [...node("npm test -- --shard=$SHARD"), { name: "Run codecov/codecov-action@v4", weight: 4 }],
    post: ["Post Run actions/setup-node@v4"],
  },
  build: {
    duration: [60, 240],
    failRate: 0.03,
    stage: "build",
    steps: [...node("npm run build"), { name: "Run actions/upload-artifact@v4", weight: 6 }],
    post: ["Post Run actions/setup-node@v4"],
  },
  e2e: {
    duration: [180, 420],
    failRate: 0.05,
    stage: "test",
    steps: [
      { name: "Run actions/download-artifact@v4", weight: 4 },
      { name: "Run npx playwright install --with-deps", weight: 15 },
      { name: "Run npx playwright test", weight: 70, fails: true },
      { name: "Run actions/upload-artifact@v4", weight: 4 },
    ],
  },
  deploy: {
    duration: [60, 180],
    failRate: 0.02,
    stage: "deploy",
    steps: [
      { name: "Run aws-actions/configure-aws-credentials@v4", weight: 3 },
      { name: "Run ./scripts/deploy.sh", weight: 70, fails: true },
      { name: "Run ./scripts/smoke-test.sh", weight: 20, fails: true },
    ],
  },
  image: {
    duration: [90, 240],
    failRate: 0.03,
    stage: "build",
    steps: [
      { name: "Run docker/setup-buildx-action@v3", weight: 4 },
      { name: "Run docker/login-action@v3", weight: 2 },
      { name: "Run docker/build-push-action@v6", weight: 80, fails: true },
    ],
    post: ["Post Run docker/login-action@v3", "Post Run docker/setup-buildx-action@v3"],
  },
  codeql: {
    duration: [120, 300],
    failRate: 0.01,
    stage: "test",
    steps: [
      { name: "Initialize CodeQL", weight: 10 },
      { name: "Autobuild", weight: 30, fails: true },
      { name: "Perform CodeQL Analysis", weight: 60 },
    ],
    post: ["Post Initialize CodeQL"],
  },
  terraform: {
    duration: [40, 150],
    failRate: 0.05,
    stage: "deploy",
    steps: [
      { name: "Run hashicorp/setup-terraform@v3", weight: 4 },
      { name: "Run terraform init", weight: 20 },
      { name: "Run terraform plan -out=tfplan", weight: 50, fails: true },
      { name: "Run terraform apply tfplan", weight: 30, fails: true },
    ],
  },
  ios: {
    duration: [240, 540],
    failRate: 0.06,
    stage: "build",
    steps: [
      { name: "Run maxim-lobanov/setup-xcode@v1", weight: 3 },
      { name: "Run pod install", weight: 15 },
      { name: "Run xcodebuild build-for-testing", weight: 45, fails: true },
      { name: "Run xcodebuild test-without-building", weight: 40, fails: true },
    ],
  },
  android: {
    duration: [180, 420],
    failRate: 0.05,
    stage: "build",
    steps: [
      { name: "Run actions/setup-java@v4", weight: 3 },
      { name: "Run ./gradlew assembleRelease", weight: 60, fails: true },
      { name: "Run ./gradlew testReleaseUnitTest", weight: 35, fails: true },
    ],
    post: ["Post Run actions/setup-java@v4"],
  },
  python: {
    duration: [60, 200],
    failRate: 0.06,
    stage: "test",
    steps: [
      { name: "Run actions/setup-python@v5", weight: 3 },
      { name: "Run pip install -r requirements.txt", weight: 20 },
      { name: "Run pytest -q", weight: 70, fails: true },
    ],
    post: ["Post Run actions/setup-python@v5"],
  },
  train: {
    duration: [300, 600],
    failRate: 0.06,
    stage: "train",
    steps: [
      { name: "Run actions/setup-python@v5", weight: 2 },
      { name: "Run dvc pull", weight: 10 },
      { name: "Run python train.py --config configs/nightly.yaml", weight: 80, fails: true },
      { name: "Run dvc push", weight: 5 },
    ],
    post: ["Post Run actions/setup-python@v5"],
  },
  hil: {
    duration: [240, 600],
    failRate: 0.07,
    stage: "test",
    steps: [
      { name: "Flash firmware", weight: 10, fails: true },
      { name: "Power-cycle bench", weight: 5 },
      { name: "Run hardware-in-the-loop suite", weight: 80, fails: true },
    ],
  },
} satisfies Record<string, JobKind>;

/** Key of a job kind. */
export type KindKey = keyof typeof KINDS;

/** One job of a workflow (a `jobs.<id>` entry, already expanded for matrices). */
export interface JobSpec {
  key: string;
  /** The name the vendor shows, e.g. `test (2/3)`. */
  name: string;
  kind: KindKey;
  /** Key of the runner pool in the catalog. */
  pool: string;
  /** Keys of jobs that must succeed first (`needs:`). */
  needs?: string[];
  /** Matrix jobs share a group; one failing cancels the rest (`fail-fast`). */
  matrix?: string;
  /** Extra chance of a flaky failure that passes on re-run. */
  flaky?: number;
  /** Deployment environment; `gated` ones wait for a reviewer (manual job, block step) first. */
  environment?: { name: string; gated: boolean };
  /** Only runs on the default branch (`if: github.ref == 'refs/heads/main'`). */
  mainOnly?: boolean;
  /** Replaces `$SHARD` in step names. */
  shard?: string;
  /** The GitLab stage, when not the kind's. */
  stage?: string;
}

/** A workflow file (GitLab: pipeline; Buildkite: pipeline; Jenkins: job) of a repository. */
export interface WorkflowSpec {
  /** The workflow's name (GitHub's `workflow_name`, the Buildkite pipeline's name). */
  name: string;
  /** Relative chance of this workflow being the next one triggered in its repo. */
  weight: number;
  /** Which branches trigger it: feature branches too, or only the default branch. */
  branches: "any" | "main";
  /** What triggers it (default `push`). */
  trigger?: "push" | "schedule" | "workflow_dispatch";
  jobs: JobSpec[];
}

/** A repository (GitLab project, Buildkite pipeline's repository, Jenkins job) of the organisation. */
export interface RepoSpec {
  name: string;
  id: number;
  language: string;
  description: string;
  /** Relative share of the organisation's CI traffic. */
  weight: number;
  featureBranches: string[];
  workflows: WorkflowSpec[];
}

/** Everything one simulated vendor account holds. */
export interface Catalog {
  /** Owner of every repository: GitHub organisation, GitLab group, Buildkite organisation. */
  org: { login: string; id: number; description: string };
  repos: RepoSpec[];
  pools: Record<string, RunnerPool>;
  /** Who triggers runs; a `Bot` triggers runs on `renovate/` branches. */
  senders: readonly SimSender[];
  /** The runs `--once` starts: `[repo name, workflow name]`. */
  burst: readonly (readonly [string, string])[];
  /** Whether failed jobs are re-run within the same run (false: Jenkins, where a rebuild is a new build). */
  reruns?: boolean;
}

/** Runner names padded to two digits: `rack1-x64-03`. */
export const pad = (n: number) => String(n).padStart(2, "0");

/** `n` test shards of a matrix; `flakyShard` (1-based) fails now and then. */
export const shards = (
  n: number,
  base: Omit<JobSpec, "key" | "name" | "shard" | "matrix">,
  flakyShard?: number,
): JobSpec[] =>
  Array.from({ length: n }, (_, i): JobSpec => {
    const spec: JobSpec = {
      ...base,
      key: `test-${i + 1}`,
      name: `test (${i + 1}/${n})`,
      shard: `${i + 1}/${n}`,
    };
    spec.matrix = "test";
    if (flakyShard === i + 1) spec.flaky = 0.25;
    return spec;
  });

const SUBJECTS = [
  "fix: handle an empty cursor on the last page",
  "feat: add per-tenant rate limits",
  "chore(deps): update dependency typescript to v5.9.3",
  "refactor: split the billing service client",
  "test: cover retry after a 429",
  "fix(ui): hydration warning on the settings page",
  "perf: cache the feature-flag lookup",
  "docs: explain the release checklist",
];

/** A plausible commit subject for a push, stable for the same sha. */
export function commitMessage(branch: string, sha: string): string {
  if (branch.startsWith("renovate/")) return `chore(deps): update ${branch.slice("renovate/".length)}`;
  return SUBJECTS[Number.parseInt(sha.slice(0, 6), 16) % SUBJECTS.length]!;
}

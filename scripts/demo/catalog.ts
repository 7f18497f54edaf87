/**
 * The simulated organisation: repositories, their workflows and jobs, and the
 * runner pools those jobs need. Pure data; `cluster.ts` brings it to life.
 * Durations are nominal seconds (what a real CI would take); the simulator
 * divides them by `--speed`.
 */

/** A pool of interchangeable runners, selected by a job's `runs-on` labels. */
export interface RunnerPool {
  key: PoolKey;
  labels: string[];
  /** GitHub-hosted runners get a fresh id per job; self-hosted ones are long-lived. */
  hosted: boolean;
  /** How many jobs the pool runs at once (hosted: the org's concurrency limit). */
  size: number;
  groupId: number;
  groupName: string;
  /** Self-hosted runner names, by index. */
  runnerName: (index: number) => string;
  /** Nominal seconds between a runner freeing up and it picking the next job. */
  pickup: [number, number];
}

/** Keys of the runner pools. */
export type PoolKey = "ubuntu" | "macos" | "x64" | "arm64" | "gpu";

const pad = (n: number) => String(n).padStart(2, "0");

/** Every runner pool of the simulated organisation. */
export const POOLS: Record<PoolKey, RunnerPool> = {
  ubuntu: {
    key: "ubuntu",
    labels: ["ubuntu-latest"],
    hosted: true,
    size: 20,
    groupId: 2,
    groupName: "GitHub Actions",
    runnerName: (i) => `GitHub Actions ${i}`,
    pickup: [4, 15],
  },
  macos: {
    key: "macos",
    labels: ["macos-14"],
    hosted: true,
    size: 5,
    groupId: 2,
    groupName: "GitHub Actions",
    runnerName: (i) => `GitHub Actions ${i}`,
    pickup: [10, 40],
  },
  x64: {
    key: "x64",
    labels: ["self-hosted", "linux", "x64"],
    hosted: false,
    size: 28,
    groupId: 3,
    groupName: "linux-x64",
    runnerName: (i) => `rack${1 + Math.floor(i / 7)}-x64-${pad(1 + (i % 7))}`,
    pickup: [1, 4],
  },
  arm64: {
    key: "arm64",
    labels: ["self-hosted", "linux", "arm64"],
    hosted: false,
    size: 4,
    groupId: 4,
    groupName: "linux-arm64",
    runnerName: (i) => `graviton-${pad(i + 1)}`,
    pickup: [1, 4],
  },
  gpu: {
    key: "gpu",
    labels: ["self-hosted", "linux", "gpu"],
    hosted: false,
    size: 2,
    groupId: 5,
    groupName: "gpu",
    runnerName: (i) => `gpu-a100-${pad(i + 1)}`,
    pickup: [2, 6],
  },
};

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
    steps: [...node("npm run lint"), { name: "Run npm run format:check", weight: 8, fails: true }],
    post: ["Post Run actions/setup-node@v4"],
  },
  test: {
    duration: [120, 360],
    failRate: 0.08,
    steps: [...node("npm test -- --shard=$SHARD"), { name: "Run codecov/codecov-action@v4", weight: 4 }],
    post: ["Post Run actions/setup-node@v4"],
  },
  build: {
    duration: [60, 240],
    failRate: 0.03,
    steps: [...node("npm run build"), { name: "Run actions/upload-artifact@v4", weight: 6 }],
    post: ["Post Run actions/setup-node@v4"],
  },
  e2e: {
    duration: [180, 420],
    failRate: 0.05,
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
    steps: [
      { name: "Run aws-actions/configure-aws-credentials@v4", weight: 3 },
      { name: "Run ./scripts/deploy.sh", weight: 70, fails: true },
      { name: "Run ./scripts/smoke-test.sh", weight: 20, fails: true },
    ],
  },
  image: {
    duration: [90, 240],
    failRate: 0.03,
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
    steps: [
      { name: "Run actions/setup-python@v5", weight: 2 },
      { name: "Run dvc pull", weight: 10 },
      { name: "Run python train.py --config configs/nightly.yaml", weight: 80, fails: true },
      { name: "Run dvc push", weight: 5 },
    ],
    post: ["Post Run actions/setup-python@v5"],
  },
} satisfies Record<string, JobKind>;

/** Key of a job kind. */
export type KindKey = keyof typeof KINDS;

/** One job of a workflow (a `jobs.<id>` entry, already expanded for matrices). */
export interface JobSpec {
  key: string;
  /** The name GitHub shows, e.g. `test (2/3)`. */
  name: string;
  kind: KindKey;
  pool: PoolKey;
  /** Keys of jobs that must succeed first (`needs:`). */
  needs?: string[];
  /** Matrix jobs share a group; one failing cancels the rest (`fail-fast`). */
  matrix?: string;
  /** Extra chance of a flaky failure that passes on re-run. */
  flaky?: number;
  /** Deployment environment; `gated` ones wait for a reviewer first. */
  environment?: { name: string; gated: boolean };
  /** Only runs on the default branch (`if: github.ref == 'refs/heads/main'`). */
  mainOnly?: boolean;
  /** Replaces `$SHARD` in step names. */
  shard?: string;
}

/** A workflow file of a repository. */
export interface WorkflowSpec {
  /** `name:` of the workflow (GitHub's `workflow_name`). */
  name: "CI" | "Release" | "Nightly" | "CodeQL";
  /** Relative chance of this workflow being the next one triggered in its repo. */
  weight: number;
  /** Which branches trigger it: feature branches too, or only the default branch. */
  branches: "any" | "main";
  jobs: JobSpec[];
}

/** A repository of the simulated organisation. */
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

const shards = (n: number, base: Omit<JobSpec, "key" | "name" | "shard" | "matrix">, flakyShard?: number) =>
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

const codeql = (language: string): WorkflowSpec => ({
  name: "CodeQL",
  weight: 8,
  branches: "any",
  jobs: [{ key: "analyze", name: `Analyze (${language})`, kind: "codeql", pool: "ubuntu" }],
});

/** The organisation that owns every simulated repository. */
export const ORG = { login: "acme", id: 91_834_002, description: "Acme Corp engineering" };

/** Developers (and bots) whose pushes trigger runs. */
export const SENDERS = [
  { login: "mira-k", id: 5_120_331, type: "User" },
  { login: "dtanaka", id: 7_004_918, type: "User" },
  { login: "oskar-l", id: 11_283_640, type: "User" },
  { login: "priya-s", id: 23_901_127, type: "User" },
  { login: "jbalogun", id: 31_448_205, type: "User" },
  { login: "renovate[bot]", id: 29_139_614, type: "Bot" },
] as const;

/** Every simulated repository. */
export const REPOS: RepoSpec[] = [
  {
    name: "api",
    id: 604_112_381,
    language: "TypeScript",
    description: "Public REST API",
    weight: 30,
    featureBranches: ["feat/rate-limits", "fix/cursor-encoding", "renovate/fastify-5.x", "chore/otel"],
    workflows: [
      {
        name: "CI",
        weight: 75,
        branches: "any",
        jobs: [
          { key: "lint", name: "lint", kind: "lint", pool: "x64" },
          ...shards(3, { kind: "test", pool: "x64" }, 2),
          { key: "build", name: "build", kind: "build", pool: "x64" },
          { key: "e2e", name: "e2e", kind: "e2e", pool: "x64", needs: ["build"], flaky: 0.08 },
          {
            key: "deploy",
            name: "deploy (staging)",
            kind: "deploy",
            pool: "x64",
            needs: ["lint", "test-1", "test-2", "test-3", "e2e"],
            environment: { name: "staging", gated: false },
            mainOnly: true,
          },
        ],
      },
      codeql("javascript-typescript"),
      {
        name: "Release",
        weight: 6,
        branches: "main",
        jobs: [
          { key: "image", name: "build image", kind: "image", pool: "x64" },
          {
            key: "deploy",
            name: "deploy (production)",
            kind: "deploy",
            pool: "x64",
            needs: ["image"],
            environment: { name: "production", gated: true },
          },
        ],
      },
      {
        name: "Nightly",
        weight: 4,
        branches: "main",
        jobs: [
          ...shards(4, { kind: "test", pool: "x64" }),
          { key: "load", name: "load test", kind: "e2e", pool: "x64", needs: ["test-1", "test-2"] },
        ],
      },
    ],
  },
  {
    name: "web",
    id: 604_112_977,
    language: "TypeScript",
    description: "Customer dashboard (Next.js)",
    weight: 30,
    featureBranches: ["feat/billing-page", "fix/hydration-warning", "renovate/next-16.x", "feat/dark-mode"],
    workflows: [
      {
        name: "CI",
        weight: 75,
        branches: "any",
        jobs: [
          { key: "lint", name: "lint", kind: "lint", pool: "ubuntu" },
          ...shards(2, { kind: "test", pool: "ubuntu" }),
          { key: "build", name: "build", kind: "build", pool: "ubuntu" },
          { key: "e2e-c", name: "e2e (chromium)", kind: "e2e", pool: "x64", needs: ["build"], flaky: 0.12 },
          { key: "e2e-w", name: "e2e (webkit)", kind: "e2e", pool: "x64", needs: ["build"], flaky: 0.2 },
        ],
      },
      codeql("javascript-typescript"),
      {
        name: "Release",
        weight: 6,
        branches: "main",
        jobs: [
          { key: "build", name: "build", kind: "build", pool: "ubuntu" },
          {
            key: "deploy",
            name: "deploy (production)",
            kind: "deploy",
            pool: "ubuntu",
            needs: ["build"],
            environment: { name: "production", gated: true },
          },
        ],
      },
    ],
  },
  {
    name: "mobile",
    id: 611_902_045,
    language: "Swift",
    description: "iOS and Android apps",
    weight: 15,
    featureBranches: ["feat/offline-mode", "fix/push-token", "release/4.12"],
    workflows: [
      {
        name: "CI",
        weight: 80,
        branches: "any",
        jobs: [
          { key: "lint", name: "lint", kind: "lint", pool: "ubuntu" },
          { key: "ios", name: "build-ios", kind: "ios", pool: "macos", flaky: 0.06 },
          { key: "android", name: "build-android", kind: "android", pool: "x64" },
        ],
      },
      {
        name: "Nightly",
        weight: 6,
        branches: "main",
        jobs: [
          { key: "ios", name: "ui-tests (iPhone 15)", kind: "ios", pool: "macos", flaky: 0.2 },
          { key: "ipad", name: "ui-tests (iPad Air)", kind: "ios", pool: "macos", flaky: 0.2 },
        ],
      },
    ],
  },
  {
    name: "infra",
    id: 589_300_114,
    language: "HCL",
    description: "Terraform for every environment",
    weight: 10,
    featureBranches: ["chore/eks-1.31", "feat/waf-rules"],
    workflows: [
      {
        name: "CI",
        weight: 80,
        branches: "any",
        jobs: [
          { key: "fmt", name: "terraform fmt", kind: "lint", pool: "ubuntu" },
          { key: "plan-s", name: "plan (staging)", kind: "terraform", pool: "arm64", needs: ["fmt"] },
          { key: "plan-p", name: "plan (production)", kind: "terraform", pool: "arm64", needs: ["fmt"] },
        ],
      },
      {
        name: "Release",
        weight: 10,
        branches: "main",
        jobs: [
          {
            key: "apply",
            name: "apply (production)",
            kind: "terraform",
            pool: "arm64",
            environment: { name: "production", gated: true },
          },
        ],
      },
    ],
  },
  {
    name: "ml-pipeline",
    id: 633_047_590,
    language: "Python",
    description: "Ranking model training and evaluation",
    weight: 15,
    featureBranches: ["exp/larger-embeddings", "fix/tokenizer-cache"],
    workflows: [
      {
        name: "CI",
        weight: 80,
        branches: "any",
        jobs: [
          { key: "lint", name: "ruff", kind: "lint", pool: "ubuntu" },
          { key: "test", name: "pytest", kind: "python", pool: "ubuntu" },
          { key: "gpu", name: "pytest (gpu)", kind: "python", pool: "gpu", needs: ["test"], flaky: 0.1 },
        ],
      },
      {
        name: "Nightly",
        weight: 8,
        branches: "main",
        jobs: [
          { key: "train", name: "train", kind: "train", pool: "gpu" },
          { key: "eval", name: "evaluate", kind: "python", pool: "gpu", needs: ["train"] },
        ],
      },
    ],
  },
];

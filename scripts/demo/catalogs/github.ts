/**
 * The simulated GitHub organisation `acme`: five repositories, GitHub-hosted
 * and self-hosted runner pools, CI with sharded tests and gated deployments.
 */
import {
  pad,
  shards,
  type Catalog,
  type RepoSpec,
  type RunnerPool,
  type SimSender,
  type WorkflowSpec,
} from "../catalog";

const POOLS: Record<string, RunnerPool> = {
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

const SENDERS: readonly SimSender[] = [
  { login: "mira-k", id: 5_120_331, type: "User", name: "Mira Kovač" },
  { login: "dtanaka", id: 7_004_918, type: "User", name: "Daichi Tanaka" },
  { login: "oskar-l", id: 11_283_640, type: "User", name: "Oskar Lindqvist" },
  { login: "priya-s", id: 23_901_127, type: "User", name: "Priya Shah" },
  { login: "jbalogun", id: 31_448_205, type: "User", name: "Jide Balogun" },
  { login: "renovate[bot]", id: 29_139_614, type: "Bot", name: "renovate[bot]" },
];

const codeql = (language: string): WorkflowSpec => ({
  name: "CodeQL",
  weight: 8,
  branches: "any",
  jobs: [{ key: "analyze", name: `Analyze (${language})`, kind: "codeql", pool: "ubuntu" }],
});

const REPOS: RepoSpec[] = [
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
        trigger: "schedule",
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
        trigger: "schedule",
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
        trigger: "schedule",
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

/** The GitHub organisation the demo simulates by default. */
export const GITHUB_CATALOG: Catalog = {
  org: { login: "acme", id: 91_834_002, description: "Acme Corp engineering" },
  repos: REPOS,
  pools: POOLS,
  senders: SENDERS,
  burst: [...REPOS.map((r) => [r.name, "CI"] as const), ["web", "Release"]],
};

/**
 * The simulated GitLab group `platform`: three projects whose pipelines run
 * build → test → deploy stages on GitLab.com SaaS runners and a self-managed
 * Kubernetes runner fleet, with a manual production deployment.
 */
import { pad, shards, type Catalog, type RepoSpec, type RunnerPool, type SimSender } from "../catalog";

const POOLS: Record<string, RunnerPool> = {
  saas: {
    key: "saas",
    labels: ["saas-linux-small-amd64"],
    hosted: true,
    size: 12,
    groupId: 1,
    groupName: "instance_type",
    runnerName: (id) => `${1 + (id % 6)}-blue.saas-linux-small-amd64.runners-manager.gitlab.com/default`,
    pickup: [5, 20],
  },
  k8s: {
    key: "k8s",
    labels: ["docker", "linux", "k8s"],
    hosted: false,
    size: 10,
    groupId: 2,
    groupName: "group_type",
    runnerName: (i) => `gitlab-runner-k8s-${pad(i + 1)}`,
    pickup: [1, 5],
  },
  arm: {
    key: "arm",
    labels: ["docker", "linux", "arm64"],
    hosted: false,
    size: 3,
    groupId: 3,
    groupName: "project_type",
    runnerName: (i) => `gitlab-runner-arm64-${pad(i + 1)}`,
    pickup: [1, 5],
  },
};

const SENDERS: readonly SimSender[] = [
  { login: "lena.vogel", id: 4_410_233, type: "User", name: "Lena Vogel" },
  { login: "tomas.r", id: 4_871_092, type: "User", name: "Tomás Rivera" },
  { login: "aiko.n", id: 5_002_117, type: "User", name: "Aiko Nakamura" },
  { login: "renovate-bot", id: 2_998_311, type: "Bot", name: "Renovate Bot" },
];

const REPOS: RepoSpec[] = [
  {
    name: "billing-service",
    id: 48_120_551,
    language: "Go",
    description: "Invoices, payments and dunning",
    weight: 45,
    featureBranches: ["feature/sepa-mandates", "fix/rounding-eur", "renovate/golang-1.x"],
    workflows: [
      {
        name: "CI",
        weight: 85,
        branches: "any",
        jobs: [
          { key: "compile", name: "compile", kind: "build", pool: "k8s" },
          { key: "lint", name: "golangci-lint", kind: "lint", pool: "saas", stage: "test" },
          { key: "unit", name: "unit-tests", kind: "test", pool: "k8s", needs: ["compile"] },
          {
            key: "integration",
            name: "integration-tests",
            kind: "e2e",
            pool: "k8s",
            needs: ["compile"],
            flaky: 0.12,
          },
          {
            key: "staging",
            name: "deploy-staging",
            kind: "deploy",
            pool: "k8s",
            needs: ["unit", "integration", "lint"],
            environment: { name: "staging", gated: false },
            mainOnly: true,
          },
          {
            key: "production",
            name: "deploy-production",
            kind: "deploy",
            pool: "k8s",
            needs: ["staging"],
            environment: { name: "production", gated: true },
            mainOnly: true,
          },
        ],
      },
      {
        name: "Nightly",
        weight: 8,
        branches: "main",
        trigger: "schedule",
        jobs: [{ key: "fuzz", name: "fuzz", kind: "test", pool: "k8s", flaky: 0.15 }],
      },
    ],
  },
  {
    name: "gateway",
    id: 48_120_902,
    language: "Rust",
    description: "Edge API gateway",
    weight: 35,
    featureBranches: ["feature/mtls", "fix/header-casing"],
    workflows: [
      {
        name: "CI",
        weight: 90,
        branches: "any",
        jobs: [
          { key: "build", name: "cargo build", kind: "build", pool: "saas" },
          ...shards(2, { kind: "test", pool: "saas", needs: ["build"] }, 2).map((s, i) => ({
            ...s,
            name: `cargo test ${i + 1}/2`,
          })),
          { key: "arm", name: "cross-build arm64", kind: "build", pool: "arm", needs: ["build"] },
        ],
      },
    ],
  },
  {
    name: "docs-site",
    id: 48_133_004,
    language: "Ruby",
    description: "Developer documentation",
    weight: 20,
    featureBranches: ["docs/webhooks", "docs/sdk-v3"],
    workflows: [
      {
        name: "CI",
        weight: 100,
        branches: "any",
        jobs: [
          { key: "lint", name: "markdownlint", kind: "lint", pool: "saas", stage: "test" },
          { key: "pages", name: "pages", kind: "build", pool: "saas", needs: ["lint"], stage: "deploy" },
        ],
      },
    ],
  },
];

/** The GitLab group the demo simulates. */
export const GITLAB_CATALOG: Catalog = {
  org: { login: "platform", id: 9_120_448, description: "Platform team" },
  repos: REPOS,
  pools: POOLS,
  senders: SENDERS,
  burst: REPOS.map((r) => [r.name, "CI"] as const),
};

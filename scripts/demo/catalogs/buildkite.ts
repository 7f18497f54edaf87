/**
 * The simulated Buildkite organisation `acme`: a monorepo pipeline with
 * parallel test jobs and a payments pipeline, on three agent queues. Every
 * agent is self-hosted, so it connects at start and now and then recycles.
 */
import { pad, type Catalog, type JobSpec, type RepoSpec, type RunnerPool, type SimSender } from "../catalog";

const POOLS: Record<string, RunnerPool> = {
  default: {
    key: "default",
    labels: ["queue=default", "os=linux", "arch=amd64"],
    hosted: false,
    size: 10,
    groupId: 11,
    groupName: "default",
    runnerName: (i) => `ci-linux-${pad(i + 1)}-1`,
    pickup: [1, 3],
  },
  docker: {
    key: "docker",
    labels: ["queue=docker-builders", "os=linux", "docker=true"],
    hosted: false,
    size: 3,
    groupId: 12,
    groupName: "docker-builders",
    runnerName: (i) => `docker-builder-${pad(i + 1)}-1`,
    pickup: [1, 4],
  },
  macos: {
    key: "macos",
    labels: ["queue=macos", "os=darwin", "arch=arm64"],
    hosted: false,
    size: 2,
    groupId: 13,
    groupName: "macos",
    runnerName: (i) => `mac-mini-${pad(i + 1)}`,
    pickup: [2, 8],
  },
};

const SENDERS: readonly SimSender[] = [
  { login: "sam.okafor", id: 1, type: "User", name: "Sam Okafor" },
  { login: "hanna.berg", id: 2, type: "User", name: "Hanna Berg" },
  { login: "raj.patel", id: 3, type: "User", name: "Raj Patel" },
  { login: "dependabot", id: 4, type: "Bot", name: "dependabot[bot]" },
];

const parallel = (n: number, label: string, base: Omit<JobSpec, "key" | "name" | "shard" | "matrix">) =>
  Array.from({ length: n }, (_, i): JobSpec => ({
    ...base,
    key: `test-${i + 1}`,
    name: `${label} ${i + 1}/${n}`,
    shard: `${i + 1}/${n}`,
  }));

const REPOS: RepoSpec[] = [
  {
    name: "monorepo",
    id: 1,
    language: "TypeScript",
    description: "Web, API and shared packages",
    weight: 65,
    featureBranches: ["feat/search-v2", "fix/session-expiry", "dependabot/npm/vite-7"],
    workflows: [
      {
        name: "Monorepo CI",
        weight: 88,
        branches: "any",
        jobs: [
          { key: "lint", name: ":eslint: Lint", kind: "lint", pool: "default" },
          ...parallel(4, ":jest: Unit tests", { kind: "test", pool: "default", flaky: 0.04 }),
          { key: "image", name: ":docker: Build image", kind: "image", pool: "docker" },
          {
            key: "e2e",
            name: ":playwright: E2E",
            kind: "e2e",
            pool: "default",
            needs: ["image"],
            flaky: 0.15,
          },
          {
            key: "ios",
            name: ":xcode: iOS build",
            kind: "ios",
            pool: "macos",
            needs: ["lint"],
          },
        ],
      },
      {
        name: "Monorepo Nightly",
        weight: 6,
        branches: "main",
        trigger: "schedule",
        jobs: parallel(6, ":jest: Full suite", { kind: "test", pool: "default", flaky: 0.06 }),
      },
    ],
  },
  {
    name: "payments",
    id: 2,
    language: "Ruby",
    description: "Payments API",
    weight: 35,
    featureBranches: ["feat/3ds2", "fix/webhook-retry"],
    workflows: [
      {
        name: "Payments",
        weight: 100,
        branches: "any",
        jobs: [
          { key: "rubocop", name: ":rubocop: Rubocop", kind: "lint", pool: "default" },
          ...parallel(2, ":rspec: RSpec", { kind: "test", pool: "default", flaky: 0.05 }),
          {
            key: "deploy",
            name: ":rocket: Deploy",
            kind: "deploy",
            pool: "default",
            needs: ["rubocop", "test-1", "test-2"],
            mainOnly: true,
          },
        ],
      },
    ],
  },
];

/** The Buildkite organisation the demo simulates. */
export const BUILDKITE_CATALOG: Catalog = {
  org: { login: "acme", id: 1, description: "Acme Corp" },
  repos: REPOS,
  pools: POOLS,
  senders: SENDERS,
  burst: [
    ["monorepo", "Monorepo CI"],
    ["payments", "Payments"],
  ],
};

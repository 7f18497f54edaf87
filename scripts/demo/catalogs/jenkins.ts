/**
 * The simulated Jenkins controller: a few freestyle and pipeline jobs, each
 * build one job, on Linux and Windows agents. A failed build is not re-run in
 * place: Jenkins starts a new build number instead.
 */
import { pad, type Catalog, type KindKey, type RepoSpec, type RunnerPool, type SimSender } from "../catalog";

const POOLS: Record<string, RunnerPool> = {
  linux: {
    key: "linux",
    labels: ["linux", "docker"],
    hosted: false,
    size: 5,
    groupId: 21,
    groupName: "linux",
    runnerName: (i) => `jenkins-agent-${pad(i + 1)}`,
    pickup: [2, 10],
  },
  windows: {
    key: "windows",
    labels: ["windows", "msbuild"],
    hosted: false,
    size: 2,
    groupId: 22,
    groupName: "windows",
    runnerName: (i) => `win-build-${pad(i + 1)}`,
    pickup: [5, 20],
  },
};

const SENDERS: readonly SimSender[] = [
  { login: "mkowalski", id: 1, type: "User", name: "Marek Kowalski" },
  { login: "ebrown", id: 2, type: "User", name: "Emma Brown" },
  { login: "scm-poller", id: 3, type: "Bot", name: "SCM poller" },
];

/** A Jenkins job: one repository, one workflow, one job per build. */
const job = (
  name: string,
  kind: KindKey,
  pool: string,
  weight: number,
  options: { language: string; description: string; branches?: "any" | "main"; flaky?: number },
): RepoSpec => ({
  name,
  id: 0,
  language: options.language,
  description: options.description,
  weight,
  featureBranches: ["release/2.14", "feature/new-tax-rules"],
  workflows: [
    {
      name,
      weight: 1,
      branches: options.branches ?? "any",
      trigger: options.branches === "main" ? "schedule" : "push",
      jobs: [{ key: "build", name, kind, pool, ...(options.flaky ? { flaky: options.flaky } : {}) }],
    },
  ],
});

const REPOS: RepoSpec[] = [
  job("erp-backend", "android", "linux", 40, {
    language: "Java",
    description: "ERP backend (Maven)",
    flaky: 0.05,
  }),
  job("erp-integration-tests", "e2e", "linux", 20, {
    language: "Java",
    description: "Nightly integration suite",
    branches: "main",
    flaky: 0.15,
  }),
  job("desktop-installer", "build", "windows", 25, {
    language: "C#",
    description: "Windows installer (MSI)",
  }),
  job("reports-etl", "python", "linux", 15, { language: "Python", description: "Reporting ETL" }),
];

/** The Jenkins controller the demo simulates. */
export const JENKINS_CATALOG: Catalog = {
  org: { login: "acme", id: 1, description: "Acme Corp" },
  repos: REPOS,
  pools: POOLS,
  senders: SENDERS,
  burst: REPOS.map((r) => [r.name, r.name] as const),
  reruns: false,
};

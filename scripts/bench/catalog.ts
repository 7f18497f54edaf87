/**
 * The organisation the benchmark's jobs come from: about 300 repositories
 * across the five sources, each with one to four workflows, and about 40
 * runner label pools with their runners. Built once from a seed and
 * independent of how many jobs are generated, so `--jobs 100000` and the full
 * run share the same repositories, pools and filters.
 */
import type { JobSource } from "../../lib/job";
import type { Random } from "../../lib/random";
import type { KindKey } from "./kinds";

/** A pool of interchangeable runners, selected by the labels a job asks for. */
export interface LabelPool {
  key: string;
  source: JobSource;
  labels: string[];
  group: string | null;
  /** Runner names, and the vendor's runner ids beside them (GitHub gives none). */
  runners: string[];
  runnerIds: string[] | null;
  /** Median queue time (ms) when the pool is idle, and the log-normal's sigma. */
  queueMedianMs: number;
  queueSigma: number;
}

/** One job of a workflow. */
export interface JobSpec {
  name: string;
  kind: KindKey;
  pool: LabelPool | null;
}

/** A workflow (GitHub workflow, GitLab pipeline, Buildkite pipeline, Jenkins job). */
export interface WorkflowSpec {
  name: string;
  /** Relative share of the repository's runs. */
  weight: number;
  /** Runs only on the default branch (nightly, deploy). */
  defaultOnly: boolean;
  jobs: JobSpec[];
}

/** A repository and what runs in it. */
export interface RepoSpec {
  name: string;
  source: JobSource;
  /** Relative share of all runs (a few repositories are much busier than most). */
  weight: number;
  defaultBranch: "main" | "master";
  branches: string[];
  workflows: WorkflowSpec[];
}

/** Everything jobs are drawn from. */
export interface Catalog {
  repos: RepoSpec[];
  pools: LabelPool[];
}

/** How many repositories each source has (about 300 in all). */
const REPOS_PER_SOURCE: Record<JobSource, number> = {
  github: 130,
  gitlab: 75,
  buildkite: 40,
  jenkins: 30,
  generic: 25,
};

const OWNERS = [
  "acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne-ent", "tyrell", "cyberdyne",
  "aperture", "vandelay", "oscorp", "wonka", "pied-piper", "massive-dynamic", "dunder-mifflin",
  "soylent", "gringotts", "nakatomi", "weyland",
]; // prettier-ignore

const NAMES = [
  "api", "web", "payments", "auth-service", "mobile-app", "infra", "terraform-modules",
  "data-pipeline", "ml-training", "docs", "sdk-js", "sdk-python", "search", "billing",
  "notifications", "gateway", "frontend", "backend", "cli", "operator", "helm-charts",
  "design-system", "analytics", "etl", "scheduler", "worker", "ios", "android", "firmware",
  "ledger", "inventory", "checkout", "recommendations", "identity", "media-encoder",
]; // prettier-ignore

const FEATURE_PREFIXES = ["feat", "fix", "chore", "refactor", "renovate", "dependabot/npm_and_yarn"];
const FEATURE_TOPICS = [
  "login-flow", "retry-backoff", "cache-keys", "node-22", "flaky-e2e", "rate-limits", "dark-mode",
  "migrations", "pagination", "otel-tracing", "arm64-builds", "bump-deps", "search-index", "sso",
]; // prettier-ignore

/** Builds a pool's runner names `prefix-01`… (self-hosted) or a large set of hosted names. */
function names(count: number, name: (i: number) => string): string[] {
  return Array.from({ length: count }, (_, i) => name(i + 1));
}

const pad = (n: number) => String(n).padStart(2, "0");

function pools(rng: Random): LabelPool[] {
  const out: LabelPool[] = [];
  const add = (
    source: JobSource,
    key: string,
    labels: string[],
    group: string | null,
    runners: string[],
    queueMedianMs: number,
    queueSigma: number,
    ids: ((i: number) => string) | null,
  ) =>
    out.push({
      key: `${source}:${key}`,
      source,
      labels,
      group,
      runners,
      runnerIds: ids ? runners.map((_, i) => ids(i)) : null,
      queueMedianMs,
      queueSigma,
    });
  const hosted = (n: number) => names(n, (i) => `GitHub Actions ${1000 + i}`);
  // GitHub: hosted pools queue briefly; self-hosted ones queue longer and spike.
  add("github", "ubuntu", ["ubuntu-latest"], "GitHub Actions", hosted(400), 6_000, 0.7, null);
  add("github", "ubuntu-22", ["ubuntu-22.04"], "GitHub Actions", hosted(120), 7_000, 0.7, null);
  add("github", "ubuntu-24", ["ubuntu-24.04"], "GitHub Actions", hosted(120), 7_000, 0.7, null);
  add("github", "ubuntu-16c", ["ubuntu-latest-16-cores"], "larger-runners", hosted(60), 25_000, 0.9, null);
  add("github", "windows", ["windows-latest"], "GitHub Actions", hosted(80), 20_000, 0.8, null);
  add("github", "macos-14", ["macos-14"], "GitHub Actions", hosted(40), 45_000, 1.0, null);
  add("github", "macos", ["macos-latest"], "GitHub Actions", hosted(40), 40_000, 1.0, null);
  const selfHosted = (key: string, labels: string[], group: string, prefix: string, n: number, q: number) =>
    add(
      "github",
      key,
      ["self-hosted", ...labels],
      group,
      names(n, (i) => `${prefix}-${pad(i)}`),
      q,
      1.2,
      null,
    );
  selfHosted("x64", ["linux", "x64"], "linux-x64", "rack-x64", 36, 15_000);
  selfHosted("arm64", ["linux", "arm64"], "linux-arm64", "graviton", 10, 30_000);
  selfHosted("gpu", ["linux", "x64", "gpu"], "gpu", "gpu-a100", 4, 120_000);
  selfHosted("mac", ["macos", "arm64"], "mac-minis", "mac-mini", 8, 60_000);
  selfHosted("win", ["windows", "x64"], "windows", "win-build", 6, 40_000);
  selfHosted("large", ["linux", "x64", "large"], "linux-large", "rack-xl", 8, 45_000);

  // GitLab: tags; the group is the runner type, the id the runner's number.
  let gitlabRunnerId = 12_000 + rng.int(0, 5_000);
  const gitlab = (key: string, labels: string[], type: string, prefix: string, n: number, q: number) =>
    add(
      "gitlab",
      key,
      labels,
      type,
      names(n, (i) => `${prefix}-${i}`),
      q,
      1.0,
      () => String(gitlabRunnerId++),
    );
  gitlab("saas-small", ["saas-linux-small-amd64"], "instance_type", "small.saas-linux", 60, 9_000);
  gitlab("saas-medium", ["saas-linux-medium-amd64"], "instance_type", "medium.saas-linux", 40, 12_000);
  gitlab("saas-macos", ["saas-macos-medium-m1"], "instance_type", "saas-macos-m1", 10, 70_000);
  gitlab("docker", ["docker"], "group_type", "gitlab-runner-docker", 20, 8_000);
  gitlab("docker-linux", ["docker", "linux"], "group_type", "gitlab-runner-linux", 16, 10_000);
  gitlab("shared", ["shared"], "instance_type", "shared-runner", 12, 14_000);
  gitlab("gpu", ["gpu", "linux"], "project_type", "gitlab-gpu", 3, 150_000);
  gitlab("k8s", ["k8s", "linux"], "group_type", "k8s-runner", 24, 11_000);
  gitlab("windows", ["windows", "shell"], "project_type", "gitlab-win", 4, 50_000);
  gitlab("arm64", ["arm64", "docker"], "group_type", "gitlab-arm", 6, 25_000);

  // Buildkite: agent query rules; the group is the queue, the id the agent's UUID.
  const agentId = () =>
    `0190${rng.hex(4)}-${rng.hex(4)}-7${rng.hex(3)}-${rng.pick(["8", "9", "a", "b"])}${rng.hex(3)}-${rng.hex(12)}`;
  const buildkite = (queue: string, extra: string[], prefix: string, n: number, q: number) =>
    add(
      "buildkite",
      queue + extra.join(""),
      [`queue=${queue}`, ...extra],
      queue,
      names(n, (i) => `${prefix}-i-0${rng.hex(8)}-${i}`),
      q,
      1.1,
      agentId,
    );
  buildkite("default", [], "bk-default", 30, 10_000);
  buildkite("default", ["os=linux"], "bk-linux", 20, 12_000);
  buildkite("deploy", [], "bk-deploy", 6, 20_000);
  buildkite("linux-arm64", [], "bk-arm64", 8, 30_000);
  buildkite("macos", [], "bk-macos", 6, 60_000);
  buildkite("gpu", ["os=linux"], "bk-gpu", 3, 120_000);
  buildkite("docker-builders", [], "bk-docker", 10, 15_000);
  buildkite("windows", [], "bk-windows", 4, 45_000);

  // Home-grown runners on the generic endpoint.
  const generic = (key: string, labels: string[], group: string, prefix: string, n: number, q: number) =>
    add(
      "generic",
      key,
      labels,
      group,
      names(n, (i) => `${prefix}-${i}`),
      q,
      1.0,
      null,
    );
  generic("linux", ["linux", "x64"], "linux", "rack", 12, 12_000);
  generic("gpu", ["gpu", "linux"], "gpu", "dgx", 3, 180_000);
  generic("macos", ["macos", "arm64"], "macos", "studio", 4, 50_000);
  generic("metal", ["bare-metal", "linux"], "metal", "metal", 6, 30_000);
  generic("fpga", ["fpga"], "lab", "fpga-bench", 2, 240_000);
  generic("arm64", ["linux", "arm64"], "arm64", "pi-cluster", 8, 20_000);
  return out;
}

/** The workflows a repository of a source may have: name, weight, default-branch only, and its jobs. */
function workflowTemplates(
  source: JobSource,
): { name: string; weight: number; defaultOnly: boolean; jobs: [string, KindKey][] }[] {
  const ci: [string, KindKey][] = [
    ["lint", "lint"],
    ["build", "build"],
    ["test", "test"],
  ];
  const name = (github: string, other: string) => (source === "github" ? github : other);
  return [
    { name: name("CI", "ci"), weight: 10, defaultOnly: false, jobs: ci },
    {
      name: name("E2E", "e2e"),
      weight: 4,
      defaultOnly: false,
      jobs: [
        ["e2e", "e2e"],
        ["build", "build"],
      ],
    },
    { name: name("Deploy", "deploy"), weight: 2, defaultOnly: true, jobs: [["docker-build", "docker"], ["deploy-staging", "deploy"], ["deploy-production", "deploy"]] }, // prettier-ignore
    { name: name("CodeQL", "security"), weight: 2, defaultOnly: false, jobs: [["analyze", "security"]] },
    { name: name("Nightly", "nightly"), weight: 0.4, defaultOnly: true, jobs: [["integration", "nightly"], ["benchmarks", "nightly"]] }, // prettier-ignore
    { name: name("Docs", "docs"), weight: 1.5, defaultOnly: false, jobs: [["docs", "docs"]] },
  ];
}

/** Extra shards and matrix entries of a test job. */
function expandJobs(rng: Random, jobs: [string, KindKey][]): [string, KindKey][] {
  const out: [string, KindKey][] = [];
  for (const [name, kind] of jobs) {
    if (kind === "test" && rng.chance(0.5)) {
      const versions = rng.pick([["20", "22"], ["18", "20", "22"], ["3.11", "3.12"]]); // prettier-ignore
      for (const v of versions) out.push([`${name} (${v})`, kind]);
    } else if (kind === "e2e" && rng.chance(0.4)) {
      const n = rng.pick([2, 3, 4]);
      for (let i = 1; i <= n; i++) out.push([`${name} (${i}/${n})`, kind]);
    } else out.push([name, kind]);
  }
  return out;
}

function repoName(rng: Random, source: JobSource, taken: Set<string>): string {
  for (;;) {
    const owner = rng.pick(OWNERS);
    const base = rng.pick(NAMES);
    const name = rng.chance(0.3)
      ? `${base}-${rng.pick(["v2", "core", "legacy", "next", "svc", "tools"])}`
      : base;
    const full =
      source === "gitlab" && rng.chance(0.4)
        ? `${owner}/${rng.pick(["platform", "mobile", "data", "infra"])}/${name}`
        : `${owner}/${name}`;
    if (!taken.has(full)) {
      taken.add(full);
      return full;
    }
  }
}

/** Builds the organisation from a seeded random source (same seed, same catalog). */
export function buildCatalog(rng: Random): Catalog {
  const allPools = pools(rng);
  const repos: RepoSpec[] = [];
  const taken = new Set<string>();
  for (const source of Object.keys(REPOS_PER_SOURCE) as JobSource[]) {
    const sourcePools = allPools.filter((p) => p.source === source);
    for (let r = 0; r < REPOS_PER_SOURCE[source]; r++) {
      const name = repoName(rng, source, taken);
      const templates = workflowTemplates(source);
      // Everyone has CI; then one to three of the others.
      const picked = [templates[0]!, ...templates.slice(1).filter(() => rng.chance(0.35))].slice(0, 4);
      // A repository mostly runs on one or two pools; some jobs go to a special one.
      const home = sourcePools.length > 0 ? rng.pick(sourcePools) : null;
      const second = sourcePools.length > 0 ? rng.pick(sourcePools) : null;
      const poolFor = (kind: KindKey) =>
        source === "jenkins"
          ? null // The Jenkins Notification plugin does not say which agent ran a build.
          : kind === "nightly" || kind === "e2e"
            ? rng.chance(0.5)
              ? second
              : home
            : rng.chance(0.85)
              ? home
              : second;
      const workflows = picked.map((t) => ({
        name: t.name,
        weight: t.weight * rng.between(0.5, 1.5),
        defaultOnly: t.defaultOnly,
        // A Jenkins job is one build: its workflow holds exactly one job.
        jobs: (source === "jenkins" ? t.jobs.slice(0, 1) : expandJobs(rng, t.jobs)).map(
          ([jobName, kind]) => ({
            name: jobName,
            kind,
            pool: poolFor(kind),
          }),
        ),
      }));
      const branches = Array.from(
        { length: rng.int(4, 24) },
        () => `${rng.pick(FEATURE_PREFIXES)}/${rng.pick(FEATURE_TOPICS)}-${rng.int(10, 999)}`,
      );
      if (rng.chance(0.3)) branches.push(`release/${rng.int(1, 4)}.${rng.int(0, 12)}`);
      repos.push({
        name,
        source,
        // Zipf-like: a few repositories get most of the traffic.
        weight: 1 / (1 + rng.int(0, 40)) ** 0.9,
        defaultBranch: rng.chance(0.8) ? "main" : "master",
        branches,
        workflows,
      });
    }
  }
  return { repos, pools: allPools };
}

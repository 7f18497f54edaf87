/**
 * The CI systems the demo simulates, one entry per Runwatch webhook source:
 * which secret enables it, what it simulates (its catalog), its share of the
 * traffic, and how each simulation event becomes that vendor's deliveries.
 */
import type { Catalog } from "./catalog";
import { BUILDKITE_CATALOG } from "./catalogs/buildkite";
import { GENERIC_CATALOG } from "./catalogs/generic";
import { GITHUB_CATALOG } from "./catalogs/github";
import { GITLAB_CATALOG } from "./catalogs/gitlab";
import { JENKINS_CATALOG } from "./catalogs/jenkins";
import {
  buildAgentEvent,
  buildBuildEvent,
  buildJobEvent,
  buildkiteJobEvent,
  buildkiteTarget,
} from "./buildkite-payload";
import { buildGenericDelivery, genericTarget } from "./generic-payload";
import { buildWorkflowJobPayload, githubTarget } from "./github-payload";
import { buildWorkflowRunPayload } from "./github-run-payload";
import { buildJobHook, buildPipelineHook, gitlabTarget } from "./gitlab-payload";
import { buildJenkinsBody, jenkinsPhases, jenkinsTarget } from "./jenkins-payload";
import type { RepoSpec } from "./catalog";
import type { SimEvent } from "./model";
import type { Target } from "./sender";

/** Key of a simulated source: Runwatch's `Job.source`. */
export type SourceKey = "github" | "gitlab" | "buildkite" | "jenkins" | "generic";

/** One webhook body a simulation event becomes. */
export interface Outgoing {
  /** The vendor's event name (`workflow_job`, `Job Hook`, `job.finished`, `COMPLETED`, `job`). */
  event: string;
  payload: unknown;
  /** Deliveries with the same key go out in order: one key per job, run or agent. */
  key: string;
}

/** First ids of a session: they differ between sessions, so a second run of the same seed is not a redelivery. */
export interface SessionIds {
  firstJobId: number;
  firstRunId: number;
  firstRunNumber: number;
}

/** A simulated CI system. */
export interface SimulatedSource {
  key: SourceKey;
  /** What people call it. */
  label: string;
  /** The environment variable holding its secret (the same one the server reads). */
  secretVariable: string;
  catalog: Catalog;
  /** Relative share of the runs per minute. */
  share: number;
  /** Whether its self-hosted runners report as agents (connect / disconnect). */
  agents: boolean;
  /** Whether queue spikes (merge queues, bot batches) happen. */
  spikes: boolean;
  ids(secondsSince2025: number): SessionIds;
  /** The repository as the dashboard shows it. */
  repoName(repo: RepoSpec): string;
  target(baseUrl: string, secret: string): Target;
  /** The deliveries one event becomes, in order (none for events the vendor does not report). */
  outgoing(event: SimEvent, epochMs: number): Outgoing[];
}

const one = (event: string, payload: unknown, key: string): Outgoing[] => [{ event, payload, key }];

/** Every source the demo can simulate, in the order the dashboard lists them. */
export const SOURCES: readonly SimulatedSource[] = [
  {
    key: "github",
    label: "GitHub Actions",
    secretVariable: "RUNWATCH_GITHUB_SECRET",
    catalog: GITHUB_CATALOG,
    share: 40,
    agents: false,
    spikes: true,
    ids: (s) => ({
      firstJobId: 30_000_000_000 + s * 1000,
      firstRunId: 12_000_000_000 + s * 100,
      firstRunNumber: 1200,
    }),
    repoName: (repo) => `acme/${repo.name}`,
    target: githubTarget,
    outgoing(event, epochMs) {
      if (event.type === "job") {
        return one("workflow_job", buildWorkflowJobPayload(event.job, epochMs), `job:${event.job.id}`);
      }
      if (event.type === "run") {
        const payload = buildWorkflowRunPayload(event.run, event.action, epochMs);
        return one("workflow_run", payload, `run:${event.run.id}`);
      }
      return [];
    },
  },
  {
    key: "gitlab",
    label: "GitLab CI",
    secretVariable: "RUNWATCH_GITLAB_TOKEN",
    catalog: GITLAB_CATALOG,
    share: 20,
    agents: false,
    spikes: true,
    ids: (s) => ({
      firstJobId: 11_000_000_000 + s * 1000,
      firstRunId: 2_000_000_000 + s * 100,
      firstRunNumber: 4100,
    }),
    repoName: (repo) => `platform/${repo.name}`,
    target: gitlabTarget,
    outgoing(event, epochMs) {
      if (event.type === "job") {
        return one("Job Hook", buildJobHook(event.job, event.action, epochMs), `job:${event.job.id}`);
      }
      if (event.type === "run") {
        const payload = buildPipelineHook(event.run, event.action, epochMs);
        return one("Pipeline Hook", payload, `run:${event.run.id}`);
      }
      return [];
    },
  },
  {
    key: "buildkite",
    label: "Buildkite",
    secretVariable: "RUNWATCH_BUILDKITE_TOKEN",
    catalog: BUILDKITE_CATALOG,
    share: 20,
    agents: true,
    spikes: false,
    ids: (s) => ({
      firstJobId: 5_000_000_000 + s * 1000,
      firstRunId: 700_000_000 + s * 100,
      firstRunNumber: 3300,
    }),
    repoName: (repo) => `acme/${repo.name}`,
    target: buildkiteTarget,
    outgoing(event, epochMs) {
      if (event.type === "job") {
        const name = buildkiteJobEvent(event.action);
        if (!name) return [];
        return one(name, buildJobEvent(event.job, event.action, epochMs), `job:${event.job.id}`);
      }
      if (event.type === "run") {
        // Retrying a job reopens its build, but Buildkite reports only the build's next finish.
        if (event.run.attempt > 1 && event.action !== "completed") return [];
        const body = buildBuildEvent(event.run, event.action, epochMs);
        return one(String(body.event), body, `run:${event.run.id}`);
      }
      if (event.type === "agent") {
        const body = buildAgentEvent(event.agent, epochMs);
        return one(String(body.event), body, `agent:${event.agent.id}`);
      }
      return [];
    },
  },
  {
    key: "jenkins",
    label: "Jenkins",
    secretVariable: "RUNWATCH_JENKINS_TOKEN",
    catalog: JENKINS_CATALOG,
    share: 10,
    agents: false,
    spikes: false,
    // Build numbers identify Jenkins builds (`<job>:<number>`), so they must not repeat between sessions.
    ids: (s) => ({
      firstJobId: 90_000_000 + s * 10,
      firstRunId: 1 + s * 10,
      firstRunNumber: 1 + Math.floor(s / 10),
    }),
    repoName: (repo) => repo.name,
    target: jenkinsTarget,
    outgoing(event, epochMs) {
      if (event.type !== "job") return [];
      return jenkinsPhases(event.job, event.action).map((phase) => ({
        event: phase,
        payload: buildJenkinsBody(event.job, phase, epochMs),
        key: `job:${event.job.id}`,
      }));
    },
  },
  {
    key: "generic",
    label: "generic",
    secretVariable: "RUNWATCH_GENERIC_SECRET",
    catalog: GENERIC_CATALOG,
    share: 10,
    agents: false,
    spikes: false,
    ids: (s) => ({ firstJobId: 700_000_000 + s * 1000, firstRunId: 80_000_000 + s * 100, firstRunNumber: 1 }),
    repoName: (repo) => `acme/${repo.name}`,
    target: genericTarget,
    outgoing(event, epochMs) {
      if (event.type !== "job") return [];
      return one("job", buildGenericDelivery(event.job, event.action, epochMs), `job:${event.job.id}`);
    },
  },
];

/** Seconds since 2025-01-01 at `epochMs`: the base of session ids. */
export const secondsSince2025 = (epochMs: number) =>
  Math.max(0, Math.floor((epochMs - Date.UTC(2025, 0, 1)) / 1000));

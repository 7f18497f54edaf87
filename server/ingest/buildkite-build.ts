/**
 * Buildkite builds (`build.*` events) into the normalised `PipelineRun`, and
 * the pieces job events share: the webhook `build` and `pipeline` objects
 * (REST Build without `jobs`, REST Pipeline) and how a repository is named.
 */
import { z } from "zod";
import { isTerminal, type JobStatus } from "../../lib/job";
import { httpLink } from "../../lib/links";
import type { PipelineRun } from "../../lib/run";
import { PayloadError } from "./source";
import { parsePayload, vendorKey } from "./zod-field";

/** A string, or null when absent. */
export const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

// Webhook bodies carry REST times (ISO 8601). EventBridge writes
// `2019-08-11 06:01:16 UTC`; accepted too, rewritten as ISO.
const SPACED_UTC = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) UTC$/;

/** An ISO 8601 time (or Buildkite's `… UTC` form, rewritten as ISO), or null. */
export const timestamp = z
  .union([
    z.iso.datetime({ offset: true }),
    z
      .string()
      .regex(SPACED_UTC)
      .transform((v) => v.replace(SPACED_UTC, "$1T$2Z")),
  ])
  .nullish()
  .transform((v) => v ?? null);

/** The webhook `pipeline` object: only what Runwatch reads. */
export const pipelineSchema = z.object({
  slug: nullableString,
  name: nullableString,
  repository: nullableString,
  web_url: nullableString,
});

/** The webhook `build` object: only what Runwatch reads. */
export const buildSchema = z.object({
  id: vendorKey,
  number: z.number().int().nonnegative().nullish(),
  state: z.string().min(1),
  blocked: z.boolean().nullish(),
  branch: nullableString,
  commit: nullableString,
  source: nullableString,
  web_url: nullableString,
  created_at: timestamp,
  scheduled_at: timestamp,
  started_at: timestamp,
  finished_at: timestamp,
  // Who started the build (`creator`: a Buildkite user) and whose commit it builds (`author`, from the
  // SCM). Read leniently: a malformed person costs the job its author, never the delivery.
  creator: z.object({ name: z.unknown() }).partial().nullish().catch(null),
  author: z.object({ username: z.unknown(), name: z.unknown() }).partial().nullish().catch(null),
});

type Pipeline = z.infer<typeof pipelineSchema>;
type Build = z.infer<typeof buildSchema>;

// Hosts whose repository path is already "owner/name" (GitLab: "group/…/project").
const FORGE_HOST = /(^|[.-])(github|gitlab|bitbucket)([.-]|$)/i;
// scp-like git address: `git@github.com:acme/api.git`.
const SCP_LIKE = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/;

/**
 * `"owner/name"` of a GitHub, GitLab or Bitbucket repository address
 * (`git@github.com:acme/api.git`, `https://github.com/acme/api.git`,
 * `ssh://git@gitlab.com/group/sub/project.git`), or null for any other host.
 */
export function forgeRepo(address: string): string | null {
  let host: string;
  let path: string;
  const scp = SCP_LIKE.exec(address.trim());
  if (scp && !address.includes("://")) {
    host = scp[1] ?? "";
    path = scp[2] ?? "";
  } else {
    try {
      const url = new URL(address.trim());
      host = url.hostname;
      path = url.pathname;
    } catch {
      return null;
    }
  }
  if (!FORGE_HOST.test(host)) return null;
  const segments = path
    .replace(/\.git$/, "")
    .split("/")
    .filter((s) => s.length > 0);
  return segments.length >= 2 ? segments.join("/") : null;
}

/** `"<org>/<pipeline>"` from a Buildkite web URL (`https://buildkite.com/acme/api/builds/1`). */
function buildkitePath(webUrl: string | null): string | null {
  if (!webUrl) return null;
  try {
    const [org, pipeline] = new URL(webUrl).pathname.split("/").filter((s) => s.length > 0);
    return org && pipeline ? `${org}/${pipeline}` : null;
  } catch {
    return null;
  }
}

/**
 * The `repo` of a Buildkite job or run: the forge's `owner/name` when the
 * pipeline builds a GitHub/GitLab/Bitbucket repository; otherwise the
 * Buildkite `"<org>/<pipeline slug>"` (from the pipeline's or build's web URL),
 * then the bare slug.
 * @throws PayloadError when none of these is known.
 */
export function repoOf(pipeline: Pipeline, build: Pick<Build, "web_url">): string {
  const repo =
    (pipeline.repository ? forgeRepo(pipeline.repository) : null) ??
    buildkitePath(pipeline.web_url) ??
    buildkitePath(build.web_url) ??
    (pipeline.slug || null);
  if (!repo) throw new PayloadError("pipeline.slug is required to name the repository", "pipeline.slug");
  return repo;
}

/** The `workflow` of a Buildkite job or run: the pipeline's name, else its slug. */
export const workflowOf = (pipeline: Pipeline): string => pipeline.name || pipeline.slug || "";

const BUILD_STATES: Record<string, JobStatus> = {
  creating: "queued",
  scheduled: "queued",
  running: "running",
  started: "running", // EventBridge's name for running
  // Failing: a job failed but others still run; the build is not over yet.
  failing: "running",
  canceling: "running",
  waiting: "waiting",
  blocked: "waiting", // EventBridge; webhooks say `blocked: true` instead
  passed: "success",
  failed: "failure",
  waiting_failed: "failure",
  canceled: "cancelled",
  cancelled: "cancelled",
  skipped: "skipped",
  not_run: "skipped",
};

/**
 * Maps a build's `state` (and `blocked` flag) onto a normalised status. A
 * blocked build waits on a block step however it is labelled; unknown states
 * read as queued. Own properties only: "constructor" never reaches Object.prototype.
 */
export function buildkiteBuildStatus(state: string, blocked: boolean | null | undefined): JobStatus {
  if (blocked === true) return "waiting";
  return (Object.hasOwn(BUILD_STATES, state) && BUILD_STATES[state]) || "queued";
}

const buildEventSchema = z.object({ build: buildSchema, pipeline: pipelineSchema });

/** Normalises a `build.*` body into a reported `PipelineRun` (`runId` = build id, as on its jobs). */
export function normaliseBuild(body: Record<string, unknown>): PipelineRun {
  const { build, pipeline } = parsePayload(buildEventSchema, body);
  const status = buildkiteBuildStatus(build.state, build.blocked);
  return {
    id: `buildkite:${build.id}`,
    source: "buildkite",
    repo: repoOf(pipeline, build),
    workflow: workflowOf(pipeline),
    runId: build.id,
    number: build.number ?? null,
    // Buildkite retries jobs, never whole builds (a rebuild is a new build).
    attempt: 1,
    trigger: build.source,
    branch: build.branch,
    sha: build.commit,
    status,
    queuedAt: build.scheduled_at ?? build.created_at,
    startedAt: build.started_at,
    finishedAt: isTerminal(status) ? build.finished_at : null,
    durationMs: null,
    url: httpLink(build.web_url),
    reported: true,
  };
}

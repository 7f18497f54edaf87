/**
 * Jenkins: the Notification plugin's JSON (`jenkinsci/notification-plugin`)
 * into one `Job` and one `PipelineRun` per build — a Jenkins build is both the
 * run and its only job. Contract: docs/webhooks.md and
 * fixtures/README.md §4.
 */
import { z } from "zod";
import { isTerminal, type Job, type JobStatus } from "../../lib/job";
import { httpLink } from "../../lib/links";
import type { PipelineRun } from "../../lib/run";
import { classifyFailure, type FailureCause } from "../domain/failure";
import { PayloadError, noObservations, type Normalised, type SourceAdapter } from "./source";
import { basicAuth } from "./verify/basic-auth";
import { MAX_MS, parsePayload, vendorKey, wellFormed } from "./zod-field";

const SECRET = "RUNWATCH_JENKINS_TOKEN";

const nullableString = z
  .string()
  .nullish()
  .transform((v) => v || null);
/** The job's URL path: part of the stored id, so well-formed and bounded. */
const jobUrl = wellFormed
  .max(1000)
  .nullish()
  .transform((v) => v || null);

const jenkinsSchema = z.object({
  name: vendorKey,
  display_name: nullableString,
  /** The job's path relative to the Jenkins root, e.g. `job/folder/job/name/`. */
  url: jobUrl,
  build: z.object({
    number: z.number().int().positive(),
    phase: z.string().min(1),
    status: nullableString,
    full_url: nullableString,
    /** ms since the epoch; what it marks depends on the phase (see `times`). 0 when unknown. */
    timestamp: z.number().int().nonnegative().max(MAX_MS).nullish(),
    duration: z.number().int().nonnegative().max(MAX_MS).nullish(),
    scm: z
      .object({ url: nullableString, branch: nullableString, commit: nullableString })
      .nullish()
      .transform((v) => v ?? { url: null, branch: null, commit: null }),
  }),
});

type JenkinsBody = z.infer<typeof jenkinsSchema>;

const PHASES: Record<string, "queued" | "running" | "done"> = {
  QUEUED: "queued",
  STARTED: "running",
  COMPLETED: "done",
  FINALIZED: "done",
};

// Jenkins `Result` names. UNSTABLE: the build ran but tests failed (or a step marked it so).
const RESULTS: Record<string, JobStatus> = {
  SUCCESS: "success",
  UNSTABLE: "failure",
  FAILURE: "failure",
  NOT_BUILT: "skipped",
  ABORTED: "cancelled",
};

/**
 * The job's full name (`folder/name`, or `repo/branch` in a multibranch
 * project) from its URL path `job/folder/job/name/`: `name` alone is the last
 * segment and repeats across folders and branches. Falls back to `name`.
 */
export function jenkinsJobPath(name: string, url: string | null): string {
  const segments = (url ?? "").split("/").filter(Boolean);
  const parts: string[] = [];
  for (let i = 0; i + 1 < segments.length; i += 2) {
    if (segments[i] !== "job") return name;
    parts.push(percentDecoded(segments[i + 1] ?? ""));
  }
  return parts.length > 0 && segments.length % 2 === 0 ? parts.join("/") : name;
}

function percentDecoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `owner/name` (or a GitLab group path) from a git remote URL; null when it is not one. */
export function repoFromGitUrl(url: string | null): string | null {
  if (!url) return null;
  const trimmed = url.trim().replace(/\/+$/, "");
  // scheme://[user@]host[:port]/path, or scp-like [user@]host:path.
  const path =
    /^[a-z][\w+.-]*:\/\/[^/]+\/(.+)$/i.exec(trimmed)?.[1] ??
    /^(?:[^@/\s]+@)?[^:/\s]+:(?!\/)(.+)$/.exec(trimmed)?.[1];
  const repo = path?.replace(/\.git$/, "").replace(/^\/+/, "");
  return repo && repo.includes("/") && !/\s/.test(repo) ? repo : null;
}

/** A git branch without the remote or ref prefix the Git plugin reports (`origin/main` → `main`). */
const branchName = (branch: string | null) =>
  branch === null
    ? null
    : branch.replace(/^refs\/(?:heads|remotes\/origin)\//, "").replace(/^origin\//, "") || null;

/**
 * Maps a phase (and, once done, the result) onto a normalised status. At
 * STARTED (and QUEUED) `build.status` is not this build's result — the plugin
 * may report the previous build's — so it is read only at COMPLETED/FINALIZED.
 * @throws PayloadError when a finished build has no `build.status`.
 */
export function jenkinsStatus(phase: "queued" | "running" | "done", status: string | null): JobStatus {
  if (phase === "queued") return "queued";
  if (phase === "running") return "running";
  if (status === null)
    throw new PayloadError("build.status is required once the build completed", "build.status");
  // Own properties only: a vendor string such as "constructor" must not reach Object.prototype.
  const result = status.toUpperCase();
  return (Object.hasOwn(RESULTS, result) && RESULTS[result]) || "failure";
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The build's times from the phase's `timestamp` (plugin `JobListener`): at
 * QUEUED when it entered the queue, at STARTED when it started, at COMPLETED
 * when it ended (start + duration), at FINALIZED when post-build work ended.
 * A done build started `duration` before its timestamp: exact at COMPLETED;
 * at FINALIZED both times are late by the post-build work (usually seconds),
 * which keeps Jenkins' own duration. 0 (QUEUED without an executor) is unknown.
 */
function times(phase: "queued" | "running" | "done", build: JenkinsBody["build"]) {
  const at = build.timestamp ? build.timestamp : null;
  const none = { queuedAt: null, startedAt: null, finishedAt: null };
  if (at === null) return none;
  if (phase === "queued") return { ...none, queuedAt: iso(at) };
  if (phase === "running") return { ...none, startedAt: iso(at) };
  const duration = build.duration ?? null;
  // A duration longer than the time since 1970 is not this build's.
  const startedAt = duration === null || duration > at ? null : iso(at - duration);
  return { ...none, startedAt, finishedAt: iso(at) };
}

/** The normalised job and run of one Notification plugin delivery. */
export function normaliseJenkinsBuild(body: Record<string, unknown>): { job: Job; run: PipelineRun } | null {
  const parsed = parsePayload(jenkinsSchema, body);
  const { build } = parsed;
  const phaseName = build.phase.toUpperCase();
  const phase = Object.hasOwn(PHASES, phaseName) ? PHASES[phaseName] : undefined;
  if (phase === undefined) return null;
  const status = jenkinsStatus(phase, build.status);
  const path = jenkinsJobPath(parsed.name, parsed.url);
  const runId = `${path}:${build.number}`;
  const repo = repoFromGitUrl(build.scm.url) ?? path;
  const { queuedAt, startedAt, finishedAt } = times(phase, build);
  const raw = phase === "done" ? build.status : null;
  const result = raw?.toUpperCase() ?? null;
  const mapped = result !== null && Object.hasOwn(RESULTS, result) && result !== "UNSTABLE";
  const hint: FailureCause | undefined = result === "UNSTABLE" ? "step_failed" : undefined;
  const shared = {
    id: `jenkins:${runId}`,
    source: "jenkins" as const,
    repo,
    workflow: path,
    runId,
    attempt: 1,
    branch: branchName(build.scm.branch),
    sha: build.scm.commit,
    status,
    queuedAt,
    startedAt,
    finishedAt: isTerminal(status) ? finishedAt : null,
    url: httpLink(build.full_url),
  };
  const job: Job = {
    ...shared,
    name: parsed.display_name ?? parsed.name,
    queueMs: null,
    durationMs: null,
    // The plugin does not say which agent (node) ran the build.
    runner: { name: null, group: null, labels: [] },
    // UNSTABLE and unknown results keep the raw result as the reason; the others say it all.
    failure: classifyFailure({ status, steps: [], hint, reason: mapped ? null : raw }),
    steps: [],
  };
  const run: PipelineRun = {
    ...shared,
    number: build.number,
    trigger: null,
    durationMs:
      shared.startedAt && shared.finishedAt
        ? Math.max(0, Date.parse(shared.finishedAt) - Date.parse(shared.startedAt))
        : null,
    reported: true,
  };
  return { job, run };
}

/**
 * The Jenkins endpoint (Notification plugin, JSON format). The plugin cannot
 * sign, so it authenticates with Basic auth in the URL it posts to. It sends no
 * delivery id: a build passes each phase once (and retries repeat the same
 * phase), so `<job path>#<number>:<phase>` identifies a delivery.
 */
export const jenkinsSource: SourceAdapter = {
  source: "jenkins",
  secretVariables: [SECRET],
  // Any user name; the password must be the token.
  verification: {
    accept: "first",
    schemes: [
      {
        variable: SECRET,
        scheme: basicAuth({ mismatch: `the Basic auth password is not ${SECRET}` }),
        hint: `post to https://jenkins:<${SECRET}>@<runwatch host>/api/v1/webhooks/jenkins`,
      },
    ],
  },
  identify(_request, body) {
    const { name, url, build } = parsePayload(
      z.object({
        name: vendorKey,
        url: jobUrl,
        build: z.object({ number: z.number().int().positive(), phase: z.string().min(1) }),
      }),
      body,
    );
    return { event: build.phase, deliveryId: `${jenkinsJobPath(name, url)}#${build.number}:${build.phase}` };
  },
  normalise(_event, body): Normalised {
    const normalised = normaliseJenkinsBuild(body);
    if (normalised === null) return { kind: "ignored" };
    return {
      kind: "data",
      observations: { ...noObservations(), jobs: [normalised.job], runs: [normalised.run] },
    };
  },
};

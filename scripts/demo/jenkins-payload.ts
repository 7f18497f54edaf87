/**
 * Builds Jenkins Notification plugin bodies from the plugin's own example.
 *
 * `jenkins.template.json` is a copy of
 * `test/fixtures/jenkins/notification-plugin.completed.json` (the
 * plugin's documentation example). The plugin's `JobListener` sends QUEUED
 * and STARTED together when a build starts (QUEUED dated when it entered the
 * queue), COMPLETED when it ends (dated start + duration) and FINALIZED after
 * post-build work; `build.status` only once the result is known. A build that
 * never started (cancelled in the queue) sends nothing. The plugin cannot
 * sign: it posts to a URL with Basic auth, password `RUNWATCH_JENKINS_TOKEN`.
 */
import { readFileSync } from "node:fs";
import type { JobAction, JobSnapshot } from "./model";
import type { Target } from "./sender";

type Json = Record<string, unknown>;

/** The simulated controller's root URL. */
export const JENKINS_ROOT = "https://jenkins.acme.example/";
/** How long post-build work (archiving, notifications) takes before FINALIZED. */
export const FINALIZE_MS = 1500;

const TEMPLATE_URL = new URL("./jenkins.template.json", import.meta.url);
let cached: Json | undefined;

/**
 * The template body, read once.
 * @throws Error if the file is missing or has no `build`.
 */
export function loadJenkinsTemplate(): Json {
  if (!cached) {
    const parsed = JSON.parse(readFileSync(TEMPLATE_URL, "utf8")) as Json;
    if (typeof parsed.build !== "object" || !parsed.name) {
      throw new Error(`${TEMPLATE_URL.pathname} is not a Notification plugin body`);
    }
    cached = parsed;
  }
  return cached;
}

/** `Authorization: Basic base64("runwatch:<token>")`, as the plugin sends for `https://runwatch:<token>@host/…`. */
export const jenkinsAuthorization = (token: string) =>
  `Basic ${Buffer.from(`runwatch:${token}`, "utf8").toString("base64")}`;

/** The plugin's headers for the endpoint at `baseUrl`. */
export function jenkinsTarget(baseUrl: string, token: string): Target {
  return {
    url: `${baseUrl}/api/v1/webhooks/jenkins`,
    headers: () => ({
      "Content-Type": "application/json;charset=UTF-8",
      "User-Agent": "Jenkins Notification Plugin",
      Authorization: jenkinsAuthorization(token),
    }),
  };
}

/** Jenkins' `Result` for a finished job. */
export function jenkinsResult(job: JobSnapshot): string {
  switch (job.conclusion) {
    case "success":
      return "SUCCESS";
    case "cancelled":
    case "timed_out":
      // The build-timeout plugin aborts the build, as a person pressing stop does.
      return "ABORTED";
    case "skipped":
      return "NOT_BUILT";
    default:
      // Tests that failed now and pass on a rebuild mark the build unstable.
      return job.cause === "flaky" ? "UNSTABLE" : "FAILURE";
  }
}

/** The phases the plugin reports for a transition, in order (none for `queued` and `waiting`). */
export function jenkinsPhases(job: JobSnapshot, action: JobAction): string[] {
  if (action === "in_progress") return ["QUEUED", "STARTED"];
  if (action === "completed" && job.startedAt !== null) return ["COMPLETED", "FINALIZED"];
  return [];
}

/** The body the plugin posts for `job` in `phase`. */
export function buildJenkinsBody(
  job: JobSnapshot,
  phase: string,
  epochMs: number,
  template = loadJenkinsTemplate(),
): Json {
  const body = structuredClone(template);
  const name = job.workflow;
  const jobUrl = `job/${encodeURIComponent(name)}/`;
  const buildUrl = `${jobUrl}${job.runNumber}/`;
  const started = job.startedAt ?? job.createdAt;
  const finished = job.completedAt ?? started;
  // Jenkins times are whole milliseconds.
  const duration = phase === "COMPLETED" || phase === "FINALIZED" ? Math.round(finished - started) : 0;
  const timestamp = {
    QUEUED: job.createdAt,
    STARTED: started,
    COMPLETED: finished,
    FINALIZED: finished + FINALIZE_MS,
  }[phase];
  const done = phase === "COMPLETED" || phase === "FINALIZED";
  const artifacts: Json = {};
  if (done && job.conclusion === "success" && job.kind === "build") {
    artifacts[`${name}.msi`] = { archive: `${JENKINS_ROOT}${buildUrl}artifact/out/${name}.msi` };
  }
  return Object.assign(body, {
    name,
    display_name: name,
    url: jobUrl,
    build: {
      full_url: `${JENKINS_ROOT}${buildUrl}`,
      number: job.runNumber,
      queue_id: job.id,
      phase,
      ...(done ? { status: jenkinsResult(job) } : {}),
      url: buildUrl,
      scm: {
        url: `https://github.com/acme/${job.repo.name}.git`,
        branch: `origin/${job.branch}`,
        commit: job.sha,
        changes: [],
        culprits: job.sender.type === "User" ? [job.sender.login] : [],
      },
      log: "",
      timestamp: Math.round(epochMs + (timestamp ?? started)),
      duration,
      notes: "",
      artifacts,
    },
  });
}

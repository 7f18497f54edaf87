/**
 * Where each vendor serves a job's log, and how to ask: the request Runwatch
 * makes for a failed job, built from what the job's webhook stored (its id,
 * repository and URL) and the source's read settings.
 *
 * - GitHub: `GET {api}/repos/{owner}/{repo}/actions/jobs/{job_id}/logs`, with
 *   `Authorization: Bearer`; answers 302 to a short-lived download URL of the
 *   plain-text log (the token is not sent there).
 * - GitLab: `GET {instance}/api/v4/projects/{id}/jobs/{job_id}/trace`, with
 *   `PRIVATE-TOKEN`; `{id}` is the URL-encoded project path; the instance is
 *   RUNWATCH_GITLAB_URL, else the origin of the job's URL. Plain text.
 * - Buildkite: `GET {api}/v2/organizations/{org}/pipelines/{pipeline}/builds/{number}/jobs/{job_id}/log`,
 *   with `Authorization: Bearer`; org, pipeline and number come from the job's
 *   URL (`https://buildkite.com/{org}/{pipeline}/builds/{number}#{job_id}`).
 *   JSON `{ url, content, size, header_times }`, or plain text.
 */
import type { Job, JobSource } from "../../lib/job";
import type { LogSources } from "../settings";

/** One log request. */
export interface LogTarget {
  source: JobSource;
  url: string;
  /** Sent only to the API's own origin: never to a redirect's download host. */
  credentials: Record<string, string>;
  accept: string;
}

const vendorId = (job: Job) => job.id.slice(job.id.indexOf(":") + 1);
const path = (...parts: string[]) => parts.map(encodeURIComponent).join("/");

function parsedUrl(url: string | null): URL | null {
  return url && URL.canParse(url) ? new URL(url) : null;
}

/** True when the source of `job` has a read token, so its failed jobs' logs are fetched. */
export function hasReadToken(sources: LogSources, source: JobSource): boolean {
  return (source === "github" || source === "gitlab" || source === "buildkite") && sources[source] !== null;
}

/** True for a job whose log is worth fetching: it failed or timed out (a cancellation is no failure) and its source has a token. */
export function wantsLog(sources: LogSources, job: Job): boolean {
  return (job.status === "failure" || job.status === "timed_out") && hasReadToken(sources, job.source);
}

/** The request for `job`'s log, or null when the job does not carry what the vendor's API needs. */
export function logTargetOf(sources: LogSources, job: Job): LogTarget | null {
  const id = vendorId(job);
  if (job.source === "github" && sources.github) {
    const [owner, repo, extra] = job.repo.split("/");
    if (!owner || !repo || extra !== undefined || !/^\d+$/.test(id)) return null;
    return {
      source: "github",
      url: `${sources.github.apiUrl}/repos/${path(owner, repo)}/actions/jobs/${id}/logs`,
      credentials: { authorization: `Bearer ${sources.github.token}`, "x-github-api-version": "2022-11-28" },
      accept: "application/vnd.github+json",
    };
  }
  if (job.source === "gitlab" && sources.gitlab) {
    const instance = sources.gitlab.url ?? parsedUrl(job.url)?.origin ?? null;
    if (!instance || !job.repo || !/^\d+$/.test(id)) return null;
    return {
      source: "gitlab",
      url: `${instance}/api/v4/projects/${encodeURIComponent(job.repo)}/jobs/${id}/trace`,
      credentials: { "private-token": sources.gitlab.token },
      accept: "text/plain",
    };
  }
  if (job.source === "buildkite" && sources.buildkite) {
    const match = /^\/([^/]+)\/([^/]+)\/builds\/(\d+)\/?$/.exec(parsedUrl(job.url)?.pathname ?? "");
    if (!match || !id) return null;
    const [, org = "", pipeline = "", number = ""] = match;
    return {
      source: "buildkite",
      url: `${sources.buildkite.apiUrl}/v2/organizations/${encodeURIComponent(org)}/pipelines/${encodeURIComponent(pipeline)}/builds/${number}/jobs/${encodeURIComponent(id)}/log`,
      credentials: { authorization: `Bearer ${sources.buildkite.token}` },
      accept: "application/json",
    };
  }
  return null;
}

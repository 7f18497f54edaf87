/**
 * The shape of GitLab Job Hook and Pipeline Hook bodies, as far as Runwatch
 * reads them, and the parsing of their timestamps and URLs. Open enums stay
 * strings; fields real payloads omit are `.nullish()`. Contract:
 * fixtures/README.md §2 and GitLab's `Gitlab::DataBuilder::{Build,Pipeline}`.
 */
import { z } from "zod";
import { MAX_MS, MAX_RETRIES, MIN_MS } from "./zod-field";

// "2021-02-23 02:41:37 UTC" (Ruby Time#to_s, any zone), "2021-02-23T02:41:37.886Z", "…+02:00".
const GITLAB_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*(Z|UTC|([+-])(\d{2}):?(\d{2}))$/i;

/**
 * A GitLab timestamp as ISO 8601 UTC with milliseconds, or null when it is
 * not a real time with a zone (a time without a zone is ambiguous).
 */
export function parseGitlabTime(value: string): string | null {
  const match = GITLAB_TIME.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Number(((match[7] ?? "") + "000").slice(0, 3));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(local);
  const valid =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  if (!valid || offsetHours > 23 || offsetMinutes > 59) return null;
  const offsetMs = (match[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  const utc = local - offsetMs;
  // Still a 4-digit year in UTC (9999-12-31T23:59:59-23:59 is not).
  return utc >= MIN_MS && utc <= MAX_MS ? new Date(utc).toISOString() : null;
}

/**
 * The `group/project` path in a clone or web URL (`git@host:group/project.git`,
 * `ssh://git@host:2222/group/project.git`, `https://host/group/project`), or
 * null. A web URL of an instance under a relative root (`/gitlab`) keeps that
 * prefix; SSH URLs never have one, so prefer them.
 */
export function projectPathFromUrl(url: string): string | null {
  let path = /^[\w.-]+@[\w.-]+:(?!\/)(.+)$/.exec(url)?.[1];
  if (path === undefined) {
    try {
      path = new URL(url).pathname;
    } catch {
      return null;
    }
  }
  const trimmed = path.replace(/^\/+|\/+$/g, "").replace(/\.git$/, "");
  return trimmed.includes("/") ? trimmed : null;
}

const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const id = z.number().int().nonnegative();
// Durations in seconds (fractional); a negative one (clock skew) is as good as none.
const seconds = z
  .number()
  .nullish()
  .transform((v) => (v != null && v >= 0 ? v : null));
const time = z
  .string()
  .nullish()
  .refine((v) => !v || parseGitlabTime(v) !== null, {
    message: 'must be a time such as "2021-02-23 02:41:37 UTC" or ISO 8601 with a zone',
  })
  .transform((v) => (v ? parseGitlabTime(v) : null));

/** `runner` of a job: null until one picks the job up. */
export const runnerSchema = z
  .object({
    id: z.union([id, z.string().min(1)]),
    description: nullableString,
    runner_type: nullableString,
    tags: z
      .array(z.string())
      .nullish()
      .transform((v) => v ?? []),
  })
  .nullish()
  .transform((v) => v ?? null);

/** A runner as a hook describes it. */
export type GitlabRunner = z.infer<typeof runnerSchema>;

/**
 * `user` of either hook (and of each `builds[]` entry): who triggered the job.
 * Read leniently: a malformed user costs the author, never the delivery.
 */
export const userSchema = z
  .object({ username: z.unknown(), name: z.unknown() })
  .partial()
  .nullish()
  .catch(null);

/** A user as a hook describes it. */
export type GitlabUser = z.infer<typeof userSchema>;

/** `project` of either hook. */
const projectSchema = z.object({ path_with_namespace: z.string().min(1), web_url: nullableString });

/** A `Job Hook` body (`object_kind: "build"`). */
export const jobHookSchema = z.object({
  ref: nullableString,
  sha: nullableString,
  build_id: id,
  build_name: z.string().min(1),
  build_stage: nullableString,
  build_status: z.string().min(1),
  build_created_at: time,
  build_started_at: time,
  build_finished_at: time,
  build_duration: seconds,
  build_queued_duration: seconds,
  build_failure_reason: nullableString,
  retries_count: z.number().int().nonnegative().max(MAX_RETRIES).nullish(),
  pipeline_id: id,
  runner: runnerSchema,
  // Older GitLab (the 2023 gitlab.com capture in the fixtures) sends no `project`: fall back to `repository`.
  project: projectSchema.nullish(),
  repository: z.object({ git_ssh_url: nullableString, homepage: nullableString }).nullish(),
  user: userSchema,
});

/** An entry of a Pipeline Hook's `builds[]`: a partial job. */
const buildSchema = z.object({
  id,
  stage: nullableString,
  name: z.string().min(1),
  status: z.string().min(1),
  created_at: time,
  started_at: time,
  finished_at: time,
  duration: seconds,
  queued_duration: seconds,
  failure_reason: nullableString,
  runner: runnerSchema,
  user: userSchema,
});

/** A `Pipeline Hook` body (`object_kind: "pipeline"`). */
export const pipelineHookSchema = z.object({
  object_attributes: z.object({
    id,
    iid: z.number().int().nonnegative().nullish(),
    name: nullableString,
    ref: nullableString,
    sha: nullableString,
    source: nullableString,
    status: z.string().min(1),
    created_at: time,
    finished_at: time,
    url: nullableString,
  }),
  project: projectSchema,
  user: userSchema,
  builds: z
    .array(buildSchema)
    .nullish()
    .transform((v) => v ?? []),
});

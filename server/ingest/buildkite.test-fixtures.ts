/**
 * Test support for the Buildkite adapter: webhook bodies made from the real
 * EventBridge examples (Buildkite publishes no complete webhook body), and a
 * delivery helper that runs identify then normalise. Not a test file itself.
 */
import { expect } from "vitest";
import { fixtureJson } from "../test/helpers";
import { buildkiteSource } from "./buildkite";
import { PayloadError, type Normalised } from "./source";

export type Json = Record<string, unknown>;

// EventBridge names that differ from the webhook's (fixtures/README.md §3).
const WEBHOOK_EVENT: Record<string, string> = {
  "Build Created": "build.scheduled",
  "Build Started": "build.running",
};
const SPACED_UTC = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$/;

/** Renames every `uuid` key to `id` and rewrites `… UTC` times as ISO 8601, at any depth. */
function restShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(restShape);
  if (typeof value === "string") return value.replace(SPACED_UTC, "$1T$2Z");
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k === "uuid" ? "id" : k, restShape(v)]));
}

/**
 * A webhook body made from a real EventBridge example by a fixed mapping, with
 * nothing invented (Buildkite publishes no complete webhook body):
 * - event: detail-type as `noun.verb` (`Job Promised Exit Status` →
 *   `job.promised_exit_status`), except Build Created → `build.scheduled`
 *   and Build Started → `build.running`;
 * - every `uuid` → `id`; times `2019-08-11 06:01:16 UTC` → `2019-08-11T06:01:16Z` (REST form);
 * - job: `label` → `name`; state `started` → `running`, `finished` → `passed` or
 *   `failed` by `passed` (REST aliases); `detail.agent` (the job's agent) → `job.agent`;
 *   `web_url` = the build's + `#<job id>` (REST format);
 * - build: state `started` → `running`; EventBridge's `blocked` → the last state
 *   `passed` with `blocked: true` (webhooks keep the state and set the flag);
 *   `web_url` = `https://buildkite.com/<org slug>/<pipeline slug>/builds/<number>`;
 * - pipeline: `repo` → `repository`; `web_url` = `https://buildkite.com/<org slug>/<pipeline slug>`;
 * - envelope: `{event, job, build, pipeline}`, `{event, build, pipeline}` or
 *   `{event, agent}`; no `sender` (EventBridge has none; Runwatch does not read it).
 */
export function webhookBody(name: string): Json {
  const source = fixtureJson(`buildkite/eventbridge/${name}`);
  const detailType = source["detail-type"] as string;
  const detail = restShape(source.detail) as Record<string, Json>;
  const [noun = "", ...verb] = detailType.toLowerCase().split(" ");
  const event = WEBHOOK_EVENT[detailType] ?? `${noun}.${verb.join("_")}`;
  if (noun === "agent") return { event, agent: detail.agent };
  const org = (detail.organization as Json).slug as string;
  const { repo, ...pipeline } = { ...detail.pipeline };
  Object.assign(pipeline, {
    repository: repo,
    web_url: `https://buildkite.com/${org}/${String(pipeline.slug)}`,
  });
  const build = { ...detail.build };
  if (build.state === "started") build.state = "running";
  if (build.state === "blocked") Object.assign(build, { state: "passed", blocked: true });
  build.web_url = `${String(pipeline.web_url)}/builds/${String(build.number)}`;
  if (noun === "build") return { event, build, pipeline };
  const { label, ...job } = { ...detail.job };
  job.name = label;
  if (job.state === "started") job.state = "running";
  if (job.state === "finished") job.state = job.passed ? "passed" : "failed";
  job.web_url = `${build.web_url}#${String(job.id)}`;
  if (detail.agent) job.agent = detail.agent;
  return { event, job, build, pipeline };
}

export const request = (event?: string) => ({
  headers: { "x-buildkite-event": event },
  rawBody: Buffer.alloc(0),
  now: 0,
  toleranceMs: 300_000,
});

/** identify (event from the body, as Buildkite also sends it in the header) then normalise. */
export function deliver(body: Json, header: string | undefined = body.event as string) {
  const identity = buildkiteSource.identify(request(header), body);
  return { ...identity, result: buildkiteSource.normalise(identity.event, body) };
}

export const data = (result: Normalised) => {
  if (result.kind !== "data") throw new Error(`expected data, got ${result.kind}`);
  return result.observations;
};
export const jobOf = (body: Json) => data(deliver(body).result).jobs[0];

export const JOB_ID = "9e6c3f19-4fdb-4e8e-b925-28cd7504e17f";
export const BUILD_ID = "8fcaa7b9-e175-4110-9f48-f79949806a31";
export const BUILD_URL = "https://buildkite.com/my-org/my-pipeline/builds/123456";

/** Runs `fn`, expecting a PayloadError, and returns it. */
export function refusal(fn: () => unknown): PayloadError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PayloadError);
    return error as PayloadError;
  }
  return expect.unreachable("should have thrown");
}

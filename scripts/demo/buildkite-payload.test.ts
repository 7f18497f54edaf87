import { describe, expect, it } from "vitest";
import { buildkiteSource } from "../../server/ingest/buildkite";
import { fixture } from "../../server/test/helpers";
import { BUILDKITE_CATALOG } from "./catalogs/buildkite";
import {
  buildAgentEvent,
  buildBuildEvent,
  buildJobEvent,
  buildkiteJobEvent,
  buildkiteSignature,
  buildkiteTarget,
} from "./buildkite-payload";
import { agentEvents, EPOCH, ingest, jobEvents, liveOf, observed, runEvents } from "./test-support";

const TOKEN = "bk-webhook-token";
const SECRETS = { RUNWATCH_BUILDKITE_TOKEN: TOKEN };
const target = buildkiteTarget("http://runwatch.test", TOKEN);
const events = liveOf(BUILDKITE_CATALOG, 20, 5, true, 6);
const jobs = jobEvents(events)
  .filter((e) => buildkiteJobEvent(e.action) !== null)
  .map((e) => ({ event: e, body: buildJobEvent(e.job, e.action, EPOCH) }));
const builds = runEvents(events).map((e) => ({ event: e, body: buildBuildEvent(e.run, e.action, EPOCH) }));
const agents = agentEvents(events).map((e) => ({ event: e, body: buildAgentEvent(e.agent, EPOCH) }));
/** The simulated moment of each body, so the signature's timestamp is fresh for the adapter. */
const now = (at: number) => EPOCH + at;

describe("buildkiteSignature", () => {
  it("matches Buildkite's published test vector (go-buildkite webhook_test.go)", () => {
    const body = fixture("buildkite/ping.signed-body.json");
    expect(buildkiteSignature("29b1ff5779c76bd48ba6705eb99ff970", 1642080837, body)).toBe(
      "timestamp=1642080837,signature=582d496ac2d869dd97a3101c4cda346288c49a742592daf582ec64c86449f79c",
    );
  });

  it("is signed when sent, so a retry carries a fresh timestamp", () => {
    const delivery = { id: "x", event: "job.started", body: "{}" };
    const first = target.headers(delivery, 1_700_000_000_000)["X-Buildkite-Signature"];
    const later = target.headers(delivery, 1_700_000_090_000)["X-Buildkite-Signature"];
    expect(first).toMatch(/^timestamp=1700000000,signature=[0-9a-f]{64}$/);
    expect(later).toMatch(/^timestamp=1700000090,/);
  });

  it("is accepted by the server's Buildkite adapter, and refused under another token", () => {
    const { body, event } = jobs[0]!;
    expect(
      ingest(buildkiteSource, target, String(body.event), body, SECRETS, { now: now(event.at) }).verified,
    ).toEqual({
      ok: true,
    });
    const other = ingest(buildkiteSource, target, String(body.event), body, {
      RUNWATCH_BUILDKITE_TOKEN: "another",
    });
    expect(other.verified.ok).toBe(false);
  });
});

describe("buildJobEvent", () => {
  it("is the documented envelope: event, job, build (no jobs), pipeline, sender", () => {
    for (const { body } of jobs) {
      expect(Object.keys(body)).toEqual(["event", "job", "build", "pipeline", "sender"]);
      expect(body.build).not.toHaveProperty("jobs");
      expect(Object.keys(body.sender as object)).toEqual(["id", "name"]);
    }
  });

  it("reports scheduled → started → finished, in REST states", () => {
    const names = new Set(jobs.map((j) => j.body.event));
    expect([...names].sort()).toEqual(["job.finished", "job.scheduled", "job.started"]);
    const states = new Set(jobs.map((j) => (j.body.job as { state: string }).state));
    for (const state of ["scheduled", "running", "passed", "failed", "canceled"])
      expect(states, state).toContain(state);
  });

  it("normalises to the job the simulation describes, with a distinct delivery key per event", () => {
    const keys = new Set<string>();
    for (const { event, body } of jobs) {
      const result = ingest(buildkiteSource, target, String(body.event), body, SECRETS, {
        now: now(event.at),
      });
      expect(result.verified).toEqual({ ok: true });
      expect(result.deliveryId).not.toBeNull();
      expect(keys.has(result.deliveryId ?? "")).toBe(false);
      keys.add(result.deliveryId ?? "");
      const [job] = observed(result).jobs;
      expect(job).toMatchObject({
        source: "buildkite",
        repo: `acme/${event.job.repo.name}`,
        workflow: event.job.workflow,
        name: event.job.name,
        attempt: event.job.attempt,
        branch: event.job.branch,
        sha: event.job.sha,
      });
      const active = { queued: "queued", in_progress: "running" }[event.action as string];
      expect(job?.status).toBe(active ?? event.job.conclusion);
      expect(job?.runner.group).toBe(event.job.labels[0]?.replace("queue=", ""));
      if (event.job.runner) expect(job?.runner.name).toBe(event.job.runner.name);
      if (event.job.cause === "infra" && job?.status === "failure")
        expect(job.failure?.cause).toBe("runner_lost");
    }
  });
});

describe("buildBuildEvent", () => {
  it("normalises to the build's run, the run id its jobs carry", () => {
    const jobRunIds = new Map<number, string>();
    for (const { event, body } of jobs) {
      const [job] = observed(
        ingest(buildkiteSource, target, String(body.event), body, SECRETS, { now: now(event.at) }),
      ).jobs;
      jobRunIds.set(event.job.runId, job?.runId ?? "");
    }
    for (const { event, body } of builds) {
      const [run] = observed(
        ingest(buildkiteSource, target, String(body.event), body, SECRETS, { now: now(event.at) }),
      ).runs;
      expect(run).toMatchObject({ number: event.run.number, workflow: event.run.workflow, reported: true });
      if (jobRunIds.has(event.run.id)) expect(run?.runId).toBe(jobRunIds.get(event.run.id));
      const active = { requested: "queued", in_progress: "running" }[event.action as string];
      expect(run?.status).toBe(active ?? event.run.conclusion);
    }
  });
});

describe("buildAgentEvent", () => {
  it("connects every agent, then disconnects and reconnects some, as runner observations", () => {
    const names = new Set(agents.map((a) => a.body.event));
    expect([...names].sort()).toEqual(["agent.connected", "agent.disconnected"]);
    const keys = new Set<string>();
    for (const { event, body } of agents) {
      expect(Object.keys(body)).toEqual(["event", "agent", "sender"]);
      const result = ingest(buildkiteSource, target, String(body.event), body, SECRETS, {
        now: now(event.at),
      });
      expect(keys.has(result.deliveryId ?? "")).toBe(false);
      keys.add(result.deliveryId ?? "");
      const [agent] = observed(result).agents;
      expect(agent).toMatchObject({
        source: "buildkite",
        name: event.agent.name,
        state: event.action,
        group: event.agent.labels[0]?.replace("queue=", ""),
        at: new Date(EPOCH + event.at).toISOString(),
      });
    }
  });
});

import { describe, expect, it } from "vitest";
import { fixture, fixtureJson, fixtureNames } from "../test/helpers";
import { deliveryKey, buildkiteSource } from "./buildkite";
import { JOB_ID, deliver, jobOf, refusal, request, webhookBody, type Json } from "./buildkite.test-fixtures";

describe("ping", () => {
  it.each(["ping.json", "ping.signed-body.json", "docs-skeletons/ping.json"])("%s is a ping", (name) => {
    const body = JSON.parse(fixture(`buildkite/${name}`).toString("utf8")) as Json;
    expect(deliver(body, "ping")).toEqual({ event: "ping", deliveryId: null, result: { kind: "ping" } });
    expect(deliver(body, undefined).result).toEqual({ kind: "ping" });
  });
});

describe('the docs skeletons (literal "..." keys, no real fields)', () => {
  // A skeleton lacks the ids every observation needs: refused with the first
  // missing field named, unless its event is ignored before any field is read.
  const expected: Record<string, { ignored: true } | { field: string }> = {
    "agent.blocked.json": { ignored: true }, // an agent refused at registration: not in the fleet
    "agent.connected.json": { field: "agent.name" },
    "build.finished.blocked.json": { field: "build.id" },
    "build.finished.trigger-step.json": { field: "build.id" },
    "build.scheduled.json": { field: "build.id" },
    "job.finished.manual-retry.json": { field: "job.id" },
    "job.finished.trigger-job.json": { ignored: true }, // trigger jobs run nothing on an agent
    "job.promised_exit_status.json": { field: "build.id" }, // its job is complete enough; its build is not
    "job.started.json": { field: "job.id" },
  };

  it("covers every skeleton", () => {
    expect(fixtureNames("buildkite/docs-skeletons", "").filter((n) => n !== "ping.json")).toEqual(
      Object.keys(expected).sort(),
    );
  });

  it.each(Object.entries(expected))("%s", (name, outcome) => {
    const body = fixtureJson(`buildkite/docs-skeletons/${name}`);
    const identity = buildkiteSource.identify(request(), body);
    expect(identity.event).toBe(body.event);
    if ("ignored" in outcome) {
      expect(buildkiteSource.normalise(identity.event, body)).toEqual({ kind: "ignored" });
      return;
    }
    expect(() => buildkiteSource.normalise(identity.event, body)).toThrow(
      expect.objectContaining({ name: "PayloadError", field: outcome.field }),
    );
  });

  it("derives no key from a skeleton, except where its fields date the event", () => {
    for (const name of fixtureNames("buildkite/docs-skeletons", "")) {
      const body = fixtureJson(`buildkite/docs-skeletons/${name}`);
      const expectedKey =
        name === "job.promised_exit_status.json"
          ? "job.promised_exit_status:01234567-89ab-cdef-0123-456789abcdef:running:2026-06-03T04:15:41.618Z"
          : null;
      expect(buildkiteSource.identify(request(), body).deliveryId).toBe(expectedKey);
    }
  });
});

describe("derived delivery keys", () => {
  const key = (body: Json) => deliver(body).deliveryId;

  it("collide for the same event twice, differ between events", () => {
    expect(key(webhookBody("job.finished.json"))).toBe(key(webhookBody("job.finished.json")));
    expect(key(webhookBody("job.finished.json"))).toBe(`job.finished:${JOB_ID}:passed:2019-08-11T06:01:35Z`);
    const names = ["job.scheduled.json", "job.started.json", "job.finished.json", "build.started.json"];
    const keys = names
      .concat(["build.failing.json", "build.finished.json", "agent.connected.json", "agent.lost.json"])
      .map((name) => key(webhookBody(name)));
    expect(keys).toHaveLength(8);
    expect(keys).not.toContain(null);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("differ for a blocked build, and fall back to null when nothing dates the event", () => {
    expect(key(webhookBody("build.blocked.json"))).toBe(
      "build.finished:...:passed+blocked:2022-01-30T04:32:06Z",
    );
    expect(key(webhookBody("agent.stopping.json"))).toBeNull();
    // The example build.created has no scheduled_at/created_at; REST build.failing has no failing_at.
    expect(key(webhookBody("build.created.json"))).toBeNull();
    const failing = webhookBody("build.failing.json");
    delete (failing.build as Json).failing_at;
    expect(key(failing)).toBeNull();
    expect(deliveryKey("job.finished", { job: { id: JOB_ID, state: "passed" } })).toBeNull();
    expect(deliveryKey("job.finished", { job: "constructor" })).toBeNull();
    expect(deliveryKey("constructor", {})).toBeNull();
  });
});

describe("identify and bad bodies", () => {
  const body = () => webhookBody("job.finished.json");

  it("takes the header, else the body's event; a mismatch or neither is refused", () => {
    expect(deliver(body(), "job.finished").event).toBe("job.finished");
    expect(deliver(body(), undefined).event).toBe("job.finished");
    expect(refusal(() => deliver(body(), "job.started")).field).toBe("X-Buildkite-Event");
    const noEvent = body();
    delete noEvent.event;
    expect(refusal(() => deliver(noEvent, undefined)).field).toBe("X-Buildkite-Event");
    expect(deliver(noEvent, "job.finished").event).toBe("job.finished");
  });

  it.each([
    ["job", (b: Json) => delete b.job],
    ["job.id", (b: Json) => delete (b.job as Json).id],
    ["job.state", (b: Json) => ((b.job as Json).state = 42)],
    ["job.exit_status", (b: Json) => ((b.job as Json).exit_status = "1")],
    ["job.started_at", (b: Json) => ((b.job as Json).started_at = "yesterday")],
    ["job.agent_query_rules", (b: Json) => ((b.job as Json).agent_query_rules = "queue=default")],
    ["job.name", (b: Json) => Object.assign(b.job as Json, { name: null, step_key: null, command: null })],
    ["build.id", (b: Json) => delete (b.build as Json).id],
    ["pipeline", (b: Json) => delete b.pipeline],
    [
      "pipeline.slug",
      (b: Json) => Object.assign(b, { pipeline: {}, build: { ...(b.build as Json), web_url: null } }),
    ],
  ])("names the bad field %s", (field, mutate) => {
    const bad = body();
    mutate(bad);
    const error = refusal(() => deliver(bad));
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
  });

  it.each([
    ["agent.name", (a: Json) => delete a.name],
    ["agent.meta_data", (a: Json) => (a.meta_data = "queue=default")],
    [
      "agent.created_at",
      (a: Json) => Object.assign(a, { connected_at: null, disconnected_at: null, lost_at: null }),
    ],
  ])("names the bad agent field %s", (field, mutate) => {
    const bad = webhookBody("agent.lost.json");
    mutate(bad.agent as Json);
    expect(refusal(() => deliver(bad)).field).toBe(field);
  });

  it("survives prototype names as events, states and keys", () => {
    for (const event of ["constructor", "__proto__", "toString", "agent.constructor", "job.__proto__"]) {
      expect(deliver({ event }).result).toEqual({ kind: "ignored" });
    }
    const job = body();
    Object.assign(job.job as Json, { state: "constructor" });
    Object.assign(job.build as Json, { state: "__proto__" });
    expect(jobOf(job)?.status).toBe("queued");
    const parsed = JSON.parse('{"event":"job.finished","__proto__":{"job":{"id":"x"}}}') as Json;
    expect(refusal(() => deliver(parsed)).field).toBe("job");
    expect(deliver(JSON.parse('{"event":"__proto__","__proto__":{}}') as Json).result).toEqual({
      kind: "ignored",
    });
  });
});

describe("an agent with an empty id or name", () => {
  it("names no runner rather than an empty one (found by the fuzz)", () => {
    const body = webhookBody("job.started.json");
    (body.job as Record<string, unknown>).agent = { id: "", name: "", meta_data: [] };
    expect(jobOf(body)?.runner).toMatchObject({ id: null, name: null });
  });
});

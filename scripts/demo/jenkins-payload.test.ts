import { describe, expect, it } from "vitest";
import { jenkinsSource } from "../../server/ingest/jenkins";
import { JENKINS_CATALOG } from "./catalogs/jenkins";
import {
  buildJenkinsBody,
  FINALIZE_MS,
  jenkinsAuthorization,
  jenkinsPhases,
  jenkinsTarget,
  loadJenkinsTemplate,
} from "./jenkins-payload";
import { EPOCH, ingest, jobEvents, liveOf, observed } from "./test-support";

const TOKEN = "jenkins-token-1";
const SECRETS = { RUNWATCH_JENKINS_TOKEN: TOKEN };
const target = jenkinsTarget("http://runwatch.test", TOKEN);
const bodies = jobEvents(liveOf(JENKINS_CATALOG, 30, 8, false, 6)).flatMap((event) =>
  jenkinsPhases(event.job, event.action).map((phase) => ({
    event,
    phase,
    body: buildJenkinsBody(event.job, phase, EPOCH),
  })),
);
const build = (body: Record<string, unknown>) => body.build as Record<string, unknown>;

describe("jenkinsTarget", () => {
  it("authenticates with Basic auth, password = the token, as the plugin does for user:token@host URLs", () => {
    expect(jenkinsAuthorization(TOKEN)).toBe(`Basic ${Buffer.from(`runwatch:${TOKEN}`).toString("base64")}`);
    expect(target.headers({ id: "x", event: "STARTED", body: "{}" }, EPOCH).Authorization).toBe(
      jenkinsAuthorization(TOKEN),
    );
  });

  it("is accepted by the server's Jenkins adapter, and refused under another token", () => {
    const { phase, body } = bodies[0]!;
    expect(ingest(jenkinsSource, target, phase, body, SECRETS).verified).toEqual({ ok: true });
    expect(
      ingest(jenkinsSource, target, phase, body, { RUNWATCH_JENKINS_TOKEN: "other-token" }).verified.ok,
    ).toBe(false);
  });
});

describe("buildJenkinsBody", () => {
  it("keeps the plugin example's keys and adds what the plugin's BuildState carries", () => {
    const template = loadJenkinsTemplate();
    for (const { body } of bodies) {
      for (const key of Object.keys(template)) expect(body).toHaveProperty(key);
      for (const key of ["full_url", "number", "queue_id", "phase", "url", "scm", "timestamp", "duration"]) {
        expect(build(body)).toHaveProperty(key);
      }
    }
  });

  it("sends QUEUED + STARTED when a build starts and COMPLETED + FINALIZED with its result", () => {
    const byBuild = new Map<number, string[]>();
    for (const { event, phase } of bodies)
      byBuild.set(event.job.id, [...(byBuild.get(event.job.id) ?? []), phase]);
    expect(byBuild.size).toBeGreaterThan(5);
    for (const phases of byBuild.values()) {
      expect(phases.slice(0, 2)).toEqual(["QUEUED", "STARTED"]);
      if (phases.length > 2) expect(phases.slice(2)).toEqual(["COMPLETED", "FINALIZED"]);
    }
    for (const { phase, body } of bodies) {
      expect(build(body).status === undefined).toBe(phase === "QUEUED" || phase === "STARTED");
    }
    const results = new Set(bodies.map((b) => build(b.body).status));
    for (const result of ["SUCCESS", "FAILURE", "ABORTED"]) expect(results, result).toContain(result);
  });

  it("normalises to one job and run per build, timed by the phases' timestamps", () => {
    const ids = new Set<string>();
    for (const { event, phase, body } of bodies) {
      const result = ingest(jenkinsSource, target, phase, body, SECRETS);
      expect(result.event).toBe(phase);
      expect(ids.has(result.deliveryId ?? "")).toBe(false);
      ids.add(result.deliveryId ?? "");
      const { jobs, runs } = observed(result);
      const id = `jenkins:${event.job.workflow}:${event.job.runNumber}`;
      expect(jobs[0]).toMatchObject({
        id,
        repo: `acme/${event.job.repo.name}`,
        branch: event.job.branch,
        sha: event.job.sha,
      });
      expect(runs[0]).toMatchObject({ id, number: event.job.runNumber });
      const job = jobs[0]!;
      if (phase === "QUEUED")
        expect(job).toMatchObject({
          status: "queued",
          queuedAt: new Date(Math.round(EPOCH + event.job.createdAt)).toISOString(),
        });
      if (phase === "STARTED") expect(job.status).toBe("running");
      if (phase === "COMPLETED" || phase === "FINALIZED") {
        // Jenkins has no "timed out": the timeout step aborts the build.
        expect(job.status).toBe(event.job.conclusion === "timed_out" ? "cancelled" : event.job.conclusion);
        const shift = phase === "FINALIZED" ? FINALIZE_MS : 0;
        expect(Date.parse(job.finishedAt ?? "")).toBe(
          Math.round(EPOCH + (event.job.completedAt ?? 0) + shift),
        );
        expect(Date.parse(job.finishedAt ?? "") - Date.parse(job.startedAt ?? "")).toBe(build(body).duration);
      }
    }
  });
});

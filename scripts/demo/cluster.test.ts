import { describe, expect, it } from "vitest";
import { BUILDKITE_CATALOG } from "./catalogs/buildkite";
import { GITHUB_CATALOG } from "./catalogs/github";
import { GITLAB_CATALOG } from "./catalogs/gitlab";
import { JENKINS_CATALOG } from "./catalogs/jenkins";
import { GENERIC_CATALOG } from "./catalogs/generic";
import { Cluster, type SimEvent } from "./cluster";
import { agentEvents, burstOf, jobEvents, liveOf, runEvents } from "./test-support";

const live = (seed: number, minutes: number) => liveOf(GITHUB_CATALOG, minutes, seed);

const fingerprint = (events: SimEvent[]) =>
  events.map((e) => {
    if (e.type === "note") return `${e.at} ${e.message}`;
    if (e.type === "job") return `${e.at} ${e.action} ${e.job.id} ${e.job.name}`;
    if (e.type === "run") return `${e.at} run ${e.action} ${e.run.id}`;
    return `${e.at} agent ${e.action} ${e.agent.name}`;
  });

describe("Cluster", () => {
  it("gives the same sequence for the same seed", () => {
    expect(fingerprint(live(7, 3))).toEqual(fingerprint(live(7, 3)));
    expect(JSON.stringify(burstOf(GITLAB_CATALOG, 11))).toBe(JSON.stringify(burstOf(GITLAB_CATALOG, 11)));
  });

  it("gives a different sequence for another seed", () => {
    expect(fingerprint(live(7, 3))).not.toEqual(fingerprint(live(8, 3)));
  });

  it("re-runs a failed job as a new job id with attempt + 1 on the same run and sha", () => {
    const events = jobEvents(live(3, 10));
    const retries = events.filter((e) => e.action === "queued" && e.job.attempt > 1);
    expect(retries.length).toBeGreaterThan(0);
    for (const retry of retries) {
      const earlier = events.find(
        (e) =>
          e.job.runId === retry.job.runId &&
          e.job.name === retry.job.name &&
          e.job.attempt === retry.job.attempt - 1 &&
          e.action === "completed",
      );
      expect(earlier, `${retry.job.name} attempt ${retry.job.attempt}`).toBeDefined();
      expect(earlier?.job.id).not.toBe(retry.job.id);
      expect(earlier?.job.sha).toBe(retry.job.sha);
      expect(earlier?.job.conclusion).not.toBe("success");
    }
  });

  it("never re-runs in place where the vendor starts a new build (Jenkins)", () => {
    const events = jobEvents(liveOf(JENKINS_CATALOG, 15));
    expect(events.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.job.attempt !== 1)).toEqual([]);
  });

  it("queues jobs when a runner pool is full", () => {
    const started = jobEvents(live(5, 10)).filter((e) => e.action === "in_progress");
    const waits = started.map((e) => (e.job.startedAt ?? 0) - e.job.createdAt);
    expect(Math.max(...waits)).toBeGreaterThan(10_000);
  });

  it("paces bursts at spikeEveryMs and the rhythm's chance: none in a quiet stretch", () => {
    const HOUR = 3_600_000;
    const cluster = new Cluster({
      seed: 4,
      speed: 1,
      ratePerMinute: 0,
      spikes: true,
      spikeEveryMs: HOUR,
      // A quiet night, then a busy day.
      rhythm: (at) => (at < 12 * HOUR ? 0 : 1),
    });
    const events = [...cluster.advance(24 * HOUR), ...cluster.stop(24 * HOUR)];
    const bursts = events.filter((e) => e.type === "note" && e.message.startsWith("queue spike"));
    expect(bursts.filter((e) => e.at < 12 * HOUR)).toEqual([]);
    expect(bursts.length).toBe(18);
    const runs = runEvents(events).filter((e) => e.action === "requested");
    expect(runs.every((e) => e.at >= 12 * HOUR)).toBe(true);
    expect(runs.length).toBeGreaterThanOrEqual(5 * bursts.length);
  });

  it("stop() leaves no job or run unfinished", () => {
    const cluster = new Cluster({ seed: 1, speed: 8, ratePerMinute: 30, spikes: true });
    cluster.advance(90_000);
    expect(cluster.activeJobs).toBeGreaterThan(0);
    const events = cluster.stop(90_000);
    for (const event of events) {
      if (event.type === "job") expect(event.job.conclusion).toBe("cancelled");
      else if (event.type === "run") expect(event.run.conclusion).toBe("cancelled");
      else expect.unreachable(`unexpected ${event.type} event at stop`);
    }
    expect(cluster.activeJobs).toBe(0);
    expect(cluster.advance(600_000)).toEqual([]);
  });

  it("numbers runs per repository and workflow, from firstRunNumber", () => {
    const runs = runEvents(burstOf(GITLAB_CATALOG)).filter((e) => e.action === "requested");
    expect(runs.length).toBe(GITLAB_CATALOG.burst.length);
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.map((e) => e.run.number)).toEqual(runs.map(() => 40));
  });
});

describe("Cluster runs", () => {
  const events = live(4, 12);
  const runs = runEvents(events);
  const jobs = jobEvents(events);

  it("reports each attempt requested → in_progress → completed around its jobs", () => {
    const order = ["requested", "in_progress", "completed"];
    const byAttempt = new Map<string, string[]>();
    for (const e of runs) {
      const key = `${e.run.id}#${e.run.attempt}`;
      byAttempt.set(key, [...(byAttempt.get(key) ?? []), e.action]);
    }
    expect(byAttempt.size).toBeGreaterThan(10);
    for (const [key, actions] of byAttempt) {
      expect(actions[0], key).toBe("requested");
      expect(actions.at(-1), key).toBe("completed");
      const ranks = actions.map((a) => order.indexOf(a));
      expect(
        [...ranks].sort((a, b) => a - b),
        key,
      ).toEqual(ranks);
    }
  });

  it("completes a run after its last job, with the conclusion its jobs imply", () => {
    const completed = runs.filter((r) => r.action === "completed");
    expect(completed.length).toBeGreaterThan(0);
    for (const e of completed) {
      const own = jobs.filter((j) => j.job.runId === e.run.id && j.job.attempt <= e.run.attempt);
      expect(own.length, `run ${e.run.id}`).toBeGreaterThan(0);
      expect(Math.max(...own.map((j) => j.at)), `run ${e.run.id}`).toBeLessThanOrEqual(e.at);
      expect(e.run.jobs.length, `run ${e.run.id}`).toBeGreaterThan(0);
      expect(e.run.jobs.filter((j) => j.status !== "completed")).toEqual([]);
      if (e.run.jobs.some((j) => j.conclusion === "failure")) expect(e.run.conclusion).not.toBe("success");
      if (e.run.conclusion === "success")
        expect(e.run.jobs.filter((j) => j.conclusion !== "success")).toEqual([]);
    }
  });

  it("starts a run's clock with its first job", () => {
    for (const e of runs.filter((r) => r.action === "in_progress")) {
      const first = jobs.find(
        (j) => j.job.runId === e.run.id && j.job.attempt === e.run.attempt && j.action === "in_progress",
      );
      expect(first?.at).toBe(e.at);
    }
  });
});

describe("Cluster agents", () => {
  it("connects every self-hosted agent at the start", () => {
    const connected = agentEvents(burstOf(BUILDKITE_CATALOG, 7, true)).filter((e) => e.at === 0);
    const slots = Object.values(BUILDKITE_CATALOG.pools).reduce((n, p) => n + p.size, 0);
    expect(connected).toHaveLength(slots);
    expect(new Set(connected.map((e) => e.agent.name)).size).toBe(slots);
  });

  it("now and then disconnects an idle agent and reconnects it later; it runs nothing meanwhile", () => {
    const events = liveOf(BUILDKITE_CATALOG, 20, 5, true, 4);
    const agents = agentEvents(events).filter((e) => e.at > 0);
    const down = agents.filter((e) => e.action === "disconnected");
    expect(down.length).toBeGreaterThan(2);
    for (const off of down) {
      const back = agents.find(
        (e) => e.agent.id === off.agent.id && e.action === "connected" && e.at > off.at,
      );
      expect(back, off.agent.name).toBeDefined();
      const ranMeanwhile = jobEvents(events).some(
        (j) =>
          j.action === "in_progress" &&
          j.job.runner?.name === off.agent.name &&
          j.at > off.at &&
          j.at < (back?.at ?? 0),
      );
      expect(ranMeanwhile, off.agent.name).toBe(false);
    }
  });

  it("simulates every catalog to the end without leftovers", () => {
    for (const catalog of [
      GITHUB_CATALOG,
      GITLAB_CATALOG,
      BUILDKITE_CATALOG,
      JENKINS_CATALOG,
      GENERIC_CATALOG,
    ]) {
      const events = burstOf(catalog);
      const jobs = jobEvents(events);
      expect(jobs.length, catalog.org.description).toBeGreaterThan(0);
      const last = new Map(jobs.map((e) => [e.job.id, e.action]));
      expect([...last.values()].filter((a) => a !== "completed")).toEqual([]);
    }
  });
});

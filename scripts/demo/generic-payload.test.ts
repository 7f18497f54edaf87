import { describe, expect, it } from "vitest";
import { genericDeliverySchema } from "../../lib/generic";
import { genericSource } from "../../server/ingest/generic";
import { GENERIC_CATALOG } from "./catalogs/generic";
import { buildGenericDelivery, genericTarget } from "./generic-payload";
import { signBody } from "./sender";
import { EPOCH, ingest, jobEvents, liveOf, observed } from "./test-support";

const SECRET = "generic-secret-1";
const SECRETS = { RUNWATCH_GENERIC_SECRET: SECRET };
const target = genericTarget("http://runwatch.test", SECRET);
const deliveries = jobEvents(liveOf(GENERIC_CATALOG, 40, 2, false, 3)).map((event) => ({
  event,
  body: buildGenericDelivery(event.job, event.action, EPOCH),
}));

describe("genericTarget", () => {
  it("signs the exact body with X-Runwatch-Signature-256 and names the delivery", () => {
    const body = JSON.stringify(deliveries[0]?.body);
    const headers = target.headers({ id: "d-7", event: "job", body }, EPOCH);
    expect(target.url).toBe("http://runwatch.test/api/v1/webhooks/generic");
    expect(headers).toMatchObject({
      "X-Runwatch-Delivery": "d-7",
      "X-Runwatch-Signature-256": signBody(SECRET, Buffer.from(body, "utf8")),
    });
  });

  it("is accepted by the server's generic adapter, and refused under another secret", () => {
    const body = deliveries[0]?.body;
    expect(ingest(genericSource, target, "job", body, SECRETS, { id: "d-7" })).toMatchObject({
      verified: { ok: true },
      deliveryId: "d-7",
    });
    expect(
      ingest(genericSource, target, "job", body, { RUNWATCH_GENERIC_SECRET: "another-one" }).verified.ok,
    ).toBe(false);
  });
});

describe("buildGenericDelivery", () => {
  it("is version 1 of the generic schema, strictly", () => {
    for (const { body } of deliveries) expect(genericDeliverySchema.strict().parse(body)).toEqual(body);
  });

  it("reports home-grown runners: gpu boxes on rack-N and the hardware lab", () => {
    const runners = new Set(
      deliveries.flatMap(({ body }) => (body.job.runner?.name ? [body.job.runner.name] : [])),
    );
    expect([...runners].some((name) => /^rack-\d$/.test(name))).toBe(true);
    expect([...runners].some((name) => name.startsWith("hil-bench-"))).toBe(true);
  });

  it("normalises to the job the simulation describes", () => {
    for (const { event, body } of deliveries) {
      const [job] = observed(ingest(genericSource, target, "job", body, SECRETS)).jobs;
      expect(job).toMatchObject({
        id: `generic:lab-${event.job.id}`,
        source: "generic",
        repo: `acme/${event.job.repo.name}`,
        workflow: event.job.workflow,
        name: event.job.name,
        attempt: event.job.attempt,
      });
      const active = { queued: "queued", waiting: "waiting", in_progress: "running" }[event.action as string];
      expect(job?.status).toBe(active ?? event.job.conclusion);
      if (job?.status === "failure") expect(job.failure?.cause).toMatch(/^(step_failed|infrastructure)$/);
      for (const step of job?.steps ?? []) expect(step.name).not.toMatch(/^(Run |Set up job|Complete job)/);
    }
  });
});

/**
 * The audit evidence over real HTTP, on SQLite and on PostgreSQL: each figure
 * equals what the test did (refused deliveries, a failed sign-in, a purge, a
 * recorded review), and only admins and auditors may read it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccessReview, Evidence, EvidenceControl } from "../../lib/evidence";
import { manualClock } from "../domain/clock";
import { runRetention } from "../ingest/retention";
import { describeEachEngine, type TestDatabase } from "./engines/stores";
import { adminHeaders, fixture, postGithub, startTestServer, type TestServer } from "./helpers";

// One engine's block at a time: its server and clock, shared by its tests in order.
let clock = manualClock(Date.now());
let server: TestServer;

async function createKey(scopes: string[]) {
  const response = await fetch(`${server.url}/api/v1/keys`, {
    method: "POST",
    headers: { ...adminHeaders, "content-type": "application/json" },
    body: JSON.stringify({ name: `evidence-${scopes.join("-")}`, scopes }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { key: { id: string }; secret: string };
}

async function evidence(window = "24h", headers: Record<string, string> = adminHeaders): Promise<Evidence> {
  const response = await fetch(`${server.url}/api/v1/evidence?window=${window}`, { headers });
  expect(response.status).toBe(200);
  return (await response.json()) as Evidence;
}

function control(body: Evidence, id: string): EvidenceControl {
  const found = body.sections.flatMap((s) => s.controls).find((c) => c.id === id);
  if (!found) throw new Error(`no control ${id}`);
  return found;
}

const githubRow = (c: EvidenceControl) =>
  (c.figures.sources as Record<string, unknown>[]).find((row) => row.source === "github");

describeEachEngine("the evidence", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    clock = manualClock(Date.now());
    database = await engine.create();
    server = await startTestServer({
      clock,
      dataDir: database.dataDir,
      env: { RUNWATCH_RETENTION_DAYS: "30", ...database.env },
    });
  });
  afterAll(async () => {
    await server.close();
    await database.remove();
  });

  describe("GET /api/v1/evidence", () => {
    it("counts N refused deliveries, the accepted one and its acknowledgement time", async () => {
      const body = fixture("github/workflow_job.queued.1.json");
      for (let i = 0; i < 3; i++) {
        const refused = await postGithub(server.url, body, { signature: "sha256=" + "ab".repeat(32) });
        expect(refused.status).toBe(401);
      }
      expect((await postGithub(server.url, body)).status).toBe(202);

      const answer = await evidence();
      expect(answer.sections.map((s) => s.id)).toEqual([
        "security",
        "performance",
        "compliance",
        "integrity",
        "resources",
      ]);
      const auth = control(answer, "security.webhook-auth");
      expect(auth.status).toBe("attention");
      expect(auth.figures.refusedForSignature).toBe(3);
      expect(githubRow(auth)).toMatchObject({
        configured: true,
        accepted: 1,
        badSignature: 3,
        staleTimestamp: 0,
      });
      const refusals = auth.figures.lastRefusals as Record<string, unknown>[];
      expect(refusals).toHaveLength(3);
      expect(refusals[0]).toMatchObject({ source: "github", verdict: "badSignature" });

      const latency = control(answer, "performance.ack-latency");
      expect(githubRow(latency)).toMatchObject({ acknowledged: 1, vendorWindowMs: 10_000 });
      expect(githubRow(latency)?.p99Ms).toEqual(expect.any(Number));
      expect(latency.status).toBe("pass");

      // The accepted job's live update went out within a broadcast tick of its commit.
      let push = githubRow(control(answer, "performance.push-latency"));
      for (let i = 0; i < 50 && push?.updates === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        push = githubRow(control(await evidence(), "performance.push-latency"));
      }
      expect(push).toMatchObject({ source: "github", updates: 1 });
      expect(push?.p99Ms).toEqual(expect.any(Number));

      // One delivery in the 24-hour window: one a day, and the whole (one-delivery) database as its growth.
      const storage = control(answer, "resources.storage").figures as Record<string, number>;
      expect(storage.deliveries).toBe(1);
      expect(storage.deliveriesPerDay).toBe(1);
      expect(storage.growthMbPerDay).toBeGreaterThan(0);
      expect(storage.growthMbPerDay).toBeLessThanOrEqual(
        (storage.databaseMb ?? 0) + (storage.writeAheadLogMb ?? 0) + 0.1,
      );
      expect(control(answer, "integrity.audit-chain")).toMatchObject({ status: "pass" });
      expect(control(answer, "integrity.raw-deliveries").figures).toMatchObject({
        jobs: 1,
        deliveries: 1,
        jobsWithoutOwnDelivery: 0,
      });
    });

    it("counts a failed sign-in and lists the public routes from the route table", async () => {
      const before = control(await evidence(), "security.sign-in").figures.signInsFailed;
      const failed = await fetch(`${server.url}/api/v1/auth/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key: "rw_not_a_key" }),
      });
      expect(failed.status).toBe(401);
      const answer = await evidence();
      expect(control(answer, "security.sign-in").figures.signInsFailed).toBe(Number(before) + 1);
      const routes = control(answer, "security.routes");
      expect(routes.status).toBe("pass");
      expect(
        (routes.figures.public as { method: string; url: string }[])
          .map((r) => `${r.method} ${r.url}`)
          .sort(),
      ).toEqual([
        "DELETE /api/v1/auth/session",
        "GET /api/v1/auth/me",
        "GET /api/v1/auth/oidc/callback",
        "GET /api/v1/auth/oidc/start",
        "GET /api/v1/auth/providers",
        "GET /api/v1/openapi.json",
        "GET /healthz",
        "GET /readyz",
        "POST /api/v1/auth/oidc/logout",
        "POST /api/v1/auth/session",
      ]);
    });

    it("refuses a bad window with 400 naming the field", async () => {
      const response = await fetch(`${server.url}/api/v1/evidence?window=1y`, { headers: adminHeaders });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({ code: "invalid_query", field: "window" });
    });

    it("is for admins and auditors only: 403 for read and ingest keys", async () => {
      for (const scopes of [["read"], ["ingest"]]) {
        const { secret } = await createKey(scopes);
        for (const path of ["/api/v1/evidence", "/api/v1/evidence/access-review"]) {
          const response = await fetch(`${server.url}${path}`, {
            headers: { authorization: `Bearer ${secret}` },
          });
          expect(response.status, `${scopes[0]} ${path}`).toBe(403);
        }
      }
    });
  });

  describe("the access review", () => {
    it("lists keys, and records a review by an auditor in the audit log", async () => {
      const auditor = await createKey(["auditor"]);
      const asAuditor = { authorization: `Bearer ${auditor.secret}` };
      const review = (await (
        await fetch(`${server.url}/api/v1/evidence/access-review`, { headers: asAuditor })
      ).json()) as AccessReview;
      expect(review.keys.map((k) => k.id)).toContain(auditor.key.id);
      const me = (await (await fetch(`${server.url}/api/v1/auth/me`, { headers: adminHeaders })).json()) as {
        principal: { keyId: string };
      };
      expect(review.keys.find((k) => k.id === auditor.key.id)).toMatchObject({
        scopes: ["auditor"],
        createdBy: me.principal.keyId,
        lastUsedAt: expect.any(String),
        ageDays: 0,
      });
      expect(control(await evidence(), "compliance.access-review").status).toBe("attention");

      const recorded = await fetch(`${server.url}/api/v1/evidence/access-review`, {
        method: "POST",
        headers: { ...asAuditor, "content-type": "application/json" },
        body: JSON.stringify({ note: "Q4 review" }),
      });
      expect(recorded.status).toBe(201);
      const after = (await recorded.json()) as AccessReview;
      expect(after.lastReview).toMatchObject({ reviewer: auditor.key.id, note: "Q4 review" });
      const audit = await fetch(`${server.url}/api/v1/audit?action=access.reviewed`, { headers: asAuditor });
      expect(audit.status).toBe(200);
      const entries = (await audit.json()).items as { actor: string; details: { keys: string[] } }[];
      expect(entries).toHaveLength(1);
      expect(entries[0]?.actor).toBe(auditor.key.id);
      expect(entries[0]?.details.keys).toContain(auditor.key.id);
      expect(control(await evidence("24h", asAuditor), "compliance.access-review")).toMatchObject({
        status: "pass",
        figures: { lastReviewer: auditor.key.id, daysSinceReview: 0 },
      });
    });

    it("refuses a note that is too long with 400 naming the field", async () => {
      const response = await fetch(`${server.url}/api/v1/evidence/access-review`, {
        method: "POST",
        headers: { ...adminHeaders, "content-type": "application/json" },
        body: JSON.stringify({ note: "x".repeat(501) }),
      });
      expect(response.status).toBe(400);
      expect((await response.json()).error.field).toBe("note");
    });
  });

  describe("the last purge", () => {
    it("is shown with its counts once retention removed rows", async () => {
      clock.advance(31 * 86_400_000);
      const run = await runRetention({ store: server.store, clock, days: 30 });
      expect(run).toMatchObject({ jobs: 1, deliveries: 1 });
      const retention = control(await evidence("90d"), "compliance.retention");
      expect(retention.figures).toMatchObject({
        retentionDays: 30,
        lastPurgeAt: new Date(clock.now()).toISOString(),
        lastPurgeJobs: 1,
        lastPurgeDeliveries: 1,
        purgesInWindow: 1,
      });
    });
  });
});

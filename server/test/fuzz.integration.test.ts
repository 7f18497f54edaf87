/**
 * Bad input (issue 3): thousands of mutated real deliveries at every webhook
 * endpoint (GitHub, GitLab, Buildkite, Jenkins, generic) and random credentials,
 * cookies, query strings and X-Request-Id values (issue 15) at the API, over
 * real HTTP against the real server and a real SQLite file.
 *
 * Properties: no answer is a 5xx, every error answer is `{ error: { code, message } }`,
 * each refusal comes from the right layer (413 size, 415 media type, 401 signature,
 * token or Basic auth, 400 a body the normaliser refuses, naming the field), an
 * accepted pristine delivery is served by the API and a refused one stores nothing,
 * nothing without a valid credential gets past a non-public route, the process
 * stays up, and every job stored afterwards is a valid `Job`: its links http(s) or none, its times
 * plausible (issue 15: mutations set `javascript:`/`data:` links and 0000/9999 times). Dot-segment
 * page paths (`/_next/%2e%2e/jobs`…) never reach a page without a session.
 *
 * Each test runs against its own fresh server and SQLite file and ends by checking
 * what that server stored (valid jobs and runs, no more than it acknowledged, served
 * by the API, an intact audit chain, still up), so any test can run alone
 * (`-t <name>`) and no test depends on another's leftovers.
 *
 * Mutations come from a seeded PRNG (`lib/random.ts`): every run prints its seed, and
 * `RUNWATCH_FUZZ_SEED=<seed> npx vitest run server/test/fuzz.integration.test.ts`
 * replays the same requests (only their interleaving differs; a vendor case prints its
 * index, and `makeVendorCase(vendor, i, seed, index)` rebuilds it alone). FUZZ_WEBHOOK_CASES
 * (GitHub, 10,000), FUZZ_VENDOR_CASES (per other endpoint, 1,500), FUZZ_VENDORS (e.g.
 * `gitlab,jenkins`; default all four) and FUZZ_API_CASES (2,400) size the run.
 */
import { randomInt } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { GENERIC_LIMITS } from "../../lib/generic";
import type { Job } from "../../lib/job";
import { normaliseWorkflowJob } from "../ingest/github";
import {
  ADMIN_TOKEN,
  fixture,
  githubSignature,
  postGithub,
  SOURCE_SECRETS,
  startTestServer,
  type TestServer,
} from "./helpers";
import { Random } from "../../lib/random";
import { num, serialise, toNode } from "./fuzz/json-tree";
import { BODY_LIMIT, BYTE_MUTATIONS, TREE_MUTATIONS } from "./fuzz/mutations";
import { allowedStatuses, describeCase, FIXTURES, makeWebhookCase, parseObject } from "./fuzz/webhook-cases";
import { credentialPicker, ID_PARTS, QUERY_PARTS, randomApiBody } from "./fuzz/api-cases";
import { pool, postWebhook, send, shapeProblems } from "./fuzz/http";
import { randomRequestId, requestIdProblem } from "./fuzz/request-id-cases";
import { RANK, storedJobSchema, storedRunSchema } from "./fuzz/job-schema";
import { allRuns, fuzzVendor, printReport, servedProblems, storedProblems } from "./fuzz/vendor-run";
import { edgeCaseProblems, raceVendor, refusalsAndRedeliveries } from "./fuzz/vendor-checks";
import { GITLAB_SIGNING_TOKEN, TOLERANCE_S } from "./fuzz/vendor-signatures";
import { VENDORS } from "./fuzz/vendors";
import { makeChannelUrl, startConnectionTrap } from "./fuzz/channel-url-cases";
import { dotSegmentPath, mayServeAnonymously } from "./fuzz/page-paths";
import { answeredByGate } from "../http/page-gate";
import { rawRequest } from "./raw-request";

// Tests may read the environment: the seed to replay, or a fresh one.
const SEED = Number(process.env.RUNWATCH_FUZZ_SEED ?? randomInt(2 ** 31));
const WEBHOOK_CASES = Number(process.env.FUZZ_WEBHOOK_CASES ?? 10_000);
const API_CASES = Number(process.env.FUZZ_API_CASES ?? 2_400);
const VENDOR_CASES = Number(process.env.FUZZ_VENDOR_CASES ?? 1_500);
const FUZZED_VENDORS = VENDORS.filter((v) =>
  (process.env.FUZZ_VENDORS ?? v.source).split(",").includes(v.source),
);
const VENDOR_RACE_CASES = 50;
const VENDOR_REFUSALS = 40;
const RACE_CASES = 200;
const CONCURRENCY = 16;
const RACE_JOB_ID = 777_000_777;
const CHANNEL_URL_CASES = Number(process.env.FUZZ_CHANNEL_URL_CASES ?? 300);
const PAGE_PATH_CASES = Number(process.env.FUZZ_PAGE_PATH_CASES ?? 600);

// ── One fresh server per test ────────────────────────────────────────────────

console.log(
  `fuzz seed ${SEED}: replay with RUNWATCH_FUZZ_SEED=${SEED} npx vitest run server/test/fuzz.integration.test.ts`,
);

let server: TestServer;
let dataDir: string;
/** Per source, in the current test: the most jobs its acknowledged deliveries could have created. */
let jobBound: Map<string, number>;
const addJobBound = (source: string, jobs: number) =>
  void jobBound.set(source, (jobBound.get(source) ?? 0) + jobs);

beforeEach(async () => {
  jobBound = new Map();
  // Durability is not under test here: a RAM-backed folder (when there is one) spares ~5,000 fsyncs.
  const ram = "/dev/shm";
  const base = fs.existsSync(ram) && fs.statSync(ram).isDirectory() ? ram : os.tmpdir();
  dataDir = fs.mkdtempSync(path.join(base, "runwatch-fuzz-"));
  server = await startTestServer({
    dataDir,
    env: {
      RUNWATCH_RATE_LIMIT_WEBHOOK: "1000000",
      RUNWATCH_RATE_LIMIT_API: "1000000",
      RUNWATCH_RATE_LIMIT_SIGNIN: "10000",
      // GitLab takes its plain token and a Standard Webhooks signing token at once.
      RUNWATCH_GITLAB_SIGNING_TOKEN: GITLAB_SIGNING_TOKEN,
      RUNWATCH_SIGNATURE_TOLERANCE_SECONDS: String(TOLERANCE_S),
    },
  });
});
afterEach(async () => {
  try {
    await expectStoredStateSound();
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

const reportSeed = () =>
  onTestFailed(() => {
    console.error(
      `fuzz seed ${SEED}: replay with RUNWATCH_FUZZ_SEED=${SEED} npx vitest run server/test/fuzz.integration.test.ts`,
    );
  });

describe("fuzz: bad input never breaks the server", { timeout: 180_000 }, () => {
  it(`answers ${WEBHOOK_CASES} mutated GitHub deliveries with 2xx/4xx only, in the right layer`, async () => {
    reportSeed();
    const rng = new Random(SEED);
    const byStatus = new Map<number, number>();
    const byClass = new Map<string, Map<number, number>>();
    const violations: string[] = [];
    const mustExist: string[] = [];
    const started = Date.now();

    await pool(WEBHOOK_CASES, CONCURRENCY, async (index) => {
      const c = makeWebhookCase(rng, index);
      const answer = await postWebhook(server.url, c, rng);
      byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      const cls = c.mutations[0]?.replace(/\(.*$/, "") ?? "?";
      const counts = byClass.get(cls) ?? new Map<number, number>();
      counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
      byClass.set(cls, counts);

      const allowed = allowedStatuses(c);
      if (answer.failure) violations.push(`no answer (${answer.failure}) to ${describeCase(c)}`);
      else if (!allowed.includes(answer.status))
        violations.push(
          `${answer.status} (allowed ${allowed}) ${answer.text.slice(0, 300)} to ${describeCase(c)}`,
        );
      for (const problem of shapeProblems(answer))
        violations.push(`${problem}: ${answer.status} ${answer.text.slice(0, 200)} to ${describeCase(c)}`);
      if (answer.status === 202 && c.event === "workflow_job") {
        const body = JSON.parse(answer.text) as { duplicate?: boolean };
        if (!body.duplicate) addJobBound("github", 1);
        else if (c.delivery !== null && /^[0-9a-f-]{36}$/.test(c.delivery))
          violations.push(`fresh delivery id answered as a duplicate: ${describeCase(c)}`);
      }
      if (c.mustStore && answer.status === 202) mustExist.push(c.mustStore);
    });

    const seconds = (Date.now() - started) / 1000;
    console.log(
      `webhook fuzz (seed ${SEED}): ${WEBHOOK_CASES} deliveries in ${seconds.toFixed(1)} s; by status`,
      Object.fromEntries([...byStatus].sort()),
    );
    console.table(Object.fromEntries([...byClass].map(([k, v]) => [k, Object.fromEntries([...v].sort())])));

    expect(violations.slice(0, 20), `seed ${SEED}: ${violations.length} violations`).toEqual([]);
    // The mutations reached every layer: media type, signature, JSON, schema, and the store.
    for (const status of [200, 202, 400, 401, 413, 415]) {
      expect(byStatus.get(status) ?? 0, `seed ${SEED}: answers with ${status}`).toBeGreaterThan(
        status === 413 ? 0 : 20,
      );
    }
    expect(byStatus.get(202) ?? 0).toBeGreaterThan(WEBHOOK_CASES * 0.15);
    expect(byStatus.get(400) ?? 0).toBeGreaterThan(WEBHOOK_CASES * 0.15);
    expect(byStatus.get(429) ?? 0, "rate limiting was configured out of the way").toBe(0);
    // Acknowledged means stored.
    for (const id of mustExist) expect(await server.store.getJob(id), `seed ${SEED}: ${id}`).not.toBeNull();
    expect(mustExist.length).toBeGreaterThan(50);
    // Enough got through to the store for the stored-state check (after each test) to mean something.
    expect((await listAllJobs()).filter((j) => j.source === "github").length).toBeGreaterThan(100);
  });

  it("answers deep nesting with 400 (or 202 for events it ignores) and bodies over 1 MiB with 413", async () => {
    reportSeed();
    const deepArrays = (n: number) => "[".repeat(n) + "]".repeat(n);
    const deepObjects = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);
    const queued = fixture("github/workflow_job.queued.1.json").toString("utf8");
    const inWorkflowJob = queued.replace(
      '"workflow_job": {',
      `"workflow_job": {"deep": ${deepArrays(10_000)},`,
    );
    expect(inWorkflowJob).not.toBe(queued);
    const cases: { body: string; event: string; contentType?: string; allowed: number[]; what: string }[] = [
      { what: "10,000 nested arrays", body: deepArrays(10_000), event: "workflow_job", allowed: [400] },
      {
        what: "500,000 nested arrays (just under 1 MiB)",
        body: deepArrays(500_000),
        event: "workflow_job",
        allowed: [400],
      },
      { what: "10,000 nested objects", body: deepObjects(10_000), event: "workflow_job", allowed: [400] },
      {
        what: "100,000 nested objects, ignored event",
        body: deepObjects(100_000),
        event: "check_run",
        allowed: [202],
      },
      { what: "100,000 nested objects, ping", body: deepObjects(100_000), event: "ping", allowed: [200] },
      {
        what: "10,000 nested arrays as workflow_job",
        body: `{"action":"queued","workflow_job":${deepArrays(10_000)},"repository":{"full_name":"a/b"}}`,
        event: "workflow_job",
        allowed: [400],
      },
      {
        what: "10,000 nested arrays as labels",
        body: queued.replace(/"labels": \[[^\]]*\]/, `"labels": ${deepArrays(10_000)}`),
        event: "workflow_job",
        allowed: [400],
      },
      {
        what: "10,000 nested arrays in an unread field",
        body: inWorkflowJob,
        event: "workflow_job",
        allowed: [202],
      },
      {
        what: "1 MiB + 1 byte",
        body: " ".repeat(BODY_LIMIT - queued.length + 1) + queued,
        event: "workflow_job",
        allowed: [413],
      },
      {
        what: "1.5 MiB string",
        body: JSON.stringify({ action: "queued", padding: "x".repeat(1.5 * BODY_LIMIT) }),
        event: "workflow_job",
        allowed: [413],
      },
      { what: "2 MiB of nesting", body: deepArrays(BODY_LIMIT), event: "workflow_job", allowed: [413] },
      {
        what: "1.2 MiB as text/plain",
        body: "x".repeat(1.2 * BODY_LIMIT),
        event: "workflow_job",
        contentType: "text/plain",
        allowed: [413, 415],
      },
    ];
    for (const c of cases) {
      const body = Buffer.from(c.body);
      const answer = await send(`${server.url}/api/v1/webhooks/github`, {
        method: "POST",
        headers: {
          "content-type": c.contentType ?? "application/json",
          "x-github-event": c.event,
          "x-github-delivery": `deep-${c.what}`,
          "x-hub-signature-256": githubSignature(body),
        },
        body: new Uint8Array(body),
      });
      expect(answer.failure, c.what).toBeUndefined();
      expect(c.allowed, `${c.what}: ${answer.status} ${answer.text.slice(0, 200)}`).toContain(answer.status);
      expect(shapeProblems(answer), c.what).toEqual([]);
      if (answer.status === 202 && c.event === "workflow_job") addJobBound("github", 1);
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it(`stays consistent under ${RACE_CASES} mutated deliveries racing at one job`, async () => {
    reportSeed();
    const rng = new Random(SEED ^ 0x5eed);
    const id = `github:${RACE_JOB_ID}`;
    const jobFixtures = FIXTURES.filter((f) => f.event === "workflow_job");
    const bodies = Array.from({ length: RACE_CASES }, () => {
      const source = rng.pick(jobFixtures);
      const root = toNode(source.json);
      const wj = root.kind === "object" ? root.entries.find(([k]) => k === "workflow_job")?.[1] : undefined;
      const entry = wj?.kind === "object" ? wj.entries.find(([k]) => k === "id") : undefined;
      if (entry) entry[1] = num(String(RACE_JOB_ID));
      const name = rng.weightedKey({
        plausible: 50,
        typeSwap: 20,
        weirdString: 10,
        duplicateKey: 10,
        dangerousKey: 10,
      });
      // Keep the id: the point is many observations of ONE job.
      const label = TREE_MUTATIONS[name](rng, root);
      if (entry) {
        const again = wj?.kind === "object" ? wj.entries.find(([k]) => k === "id") : undefined;
        if (again) again[1] = num(String(RACE_JOB_ID));
      }
      let body: Buffer = Buffer.from(serialise(root));
      if (rng.chance(0.1)) body = BYTE_MUTATIONS.bitFlip(rng, body)[0];
      return { body, label, delivery: rng.uuid() };
    });
    const answers = await Promise.all(
      bodies.map((b) =>
        send(`${server.url}/api/v1/webhooks/github`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-github-event": "workflow_job",
            "x-github-delivery": b.delivery,
            "x-hub-signature-256": githubSignature(b.body),
          },
          body: new Uint8Array(b.body),
        }),
      ),
    );
    let accepted = 0;
    let topRank = -1;
    answers.forEach((answer, i) => {
      const what = `seed ${SEED} race #${i} ${bodies[i]!.label}: ${answer.status} ${answer.text.slice(0, 200)}`;
      expect(answer.failure, what).toBeUndefined();
      expect([202, 400], what).toContain(answer.status);
      expect(shapeProblems(answer), what).toEqual([]);
      if (answer.status !== 202) return;
      addJobBound("github", 1);
      const parsed = parseObject(bodies[i]!.body);
      expect(parsed, what).not.toBeNull();
      const observation = normaliseWorkflowJob(parsed!);
      if (observation.id === id) {
        accepted++;
        topRank = Math.max(topRank, RANK[observation.status]);
      }
    });
    expect(accepted, `seed ${SEED}: accepted observations of ${id}`).toBeGreaterThan(RACE_CASES / 4);

    const stored = await server.store.getJob(id);
    expect(stored).not.toBeNull();
    expect(storedJobSchema.safeParse(stored).error?.issues ?? []).toEqual([]);
    // Lifecycle only moves forward: the stored status is as advanced as the most advanced observation.
    expect(RANK[stored!.status], `seed ${SEED}: stored ${stored!.status}`).toBe(topRank);
    // The API serves exactly what the store holds, once.
    const viaApi = await fetch(`${server.url}/api/v1/jobs/${encodeURIComponent(id)}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(viaApi.status).toBe(200);
    expect(await viaApi.json()).toEqual(stored);
    const listed = await server.store.listJobs({ sort: "created", limit: 200, q: String(RACE_JOB_ID) });
    expect(listed.items.filter((j) => j.id === id)).toHaveLength(1);
  });

  describe.each(FUZZED_VENDORS.map((vendor) => ({ vendor, source: vendor.source })))(
    "$source endpoint",
    ({ vendor }) => {
      it(`answers ${VENDOR_CASES} mutated deliveries in the right layer, stores the valid ones and only those`, async () => {
        reportSeed();
        const report = await fuzzVendor(server, vendor, SEED, VENDOR_CASES, CONCURRENCY);
        addJobBound(vendor.source, report.jobBound);
        printReport(vendor.source, SEED, VENDOR_CASES, report);

        expect(
          report.violations.slice(0, 20),
          `seed ${SEED}: ${report.violations.length} violations`,
        ).toEqual([]);
        // Every layer was reached, and a fair share of deliveries got through to the store.
        for (const status of [202, 400, 401, 413, 415])
          expect(report.byStatus.get(status) ?? 0, `seed ${SEED}: answers with ${status}`).toBeGreaterThan(
            status === 413 ? 0 : VENDOR_CASES / 100,
          );
        if (vendor.source === "buildkite")
          expect(report.byStatus.get(200) ?? 0).toBeGreaterThan(VENDOR_CASES / 100);
        else expect(report.byStatus.get(200) ?? 0, "only Buildkite has a ping").toBe(0);
        expect(report.byStatus.get(202) ?? 0).toBeGreaterThan(VENDOR_CASES * 0.15);
        expect(report.byStatus.get(429) ?? 0, "rate limiting was configured out of the way").toBe(0);
        expect(report.pristineAccepted).toBeGreaterThan(VENDOR_CASES / 50);
        expect(report.mustBeAbsent.length).toBeGreaterThan(VENDOR_CASES / 10);
        // Acknowledged means stored (and served); refused means not stored.
        expect((await storedProblems(server, report)).slice(0, 20), `seed ${SEED}`).toEqual([]);
      });

      it("stores nothing from a refusal in any layer, acknowledges a redelivery once, merges racing observations forward", async () => {
        reportSeed();
        const refusals = await refusalsAndRedeliveries(server, vendor, SEED, VENDOR_REFUSALS);
        expect(refusals.problems.slice(0, 20), `seed ${SEED}`).toEqual([]);
        expect(refusals.sent).toBe(VENDOR_REFUSALS);
        const race = await raceVendor(server, vendor, SEED, VENDOR_RACE_CASES);
        addJobBound(vendor.source, race.acceptedAny + refusals.jobs);
        expect(race.problems.slice(0, 20), `seed ${SEED}: ${race.id}`).toEqual([]);
        // A fair share gets through: the plausible edits include edge times, now refused as implausible (400).
        expect(race.accepted, `seed ${SEED}: accepted observations of ${race.id}`).toBeGreaterThan(
          VENDOR_RACE_CASES / 6,
        );
      });
    },
  );

  it(`never serves a page to ${PAGE_PATH_CASES} dot-segment paths without a session`, async () => {
    reportSeed();
    const rng = new Random(SEED ^ 0x9a7e);
    // The dashboard's gate in front of a stand-in page (Next is not ours, and needs a build); no session exists.
    const pages = await startTestServer({
      beforeListen: ({ app }) =>
        app.route({
          method: ["GET", "HEAD"],
          url: "/*",
          config: { access: "page" },
          handler: async (request, reply) => {
            if (await answeredByGate(request, reply, async () => false)) return reply;
            return reply.type("text/html").send("page shell");
          },
        }),
    });
    const violations: string[] = [];
    const byStatus = new Map<number, number>();
    try {
      await pool(PAGE_PATH_CASES, CONCURRENCY, async () => {
        const path = dotSegmentPath(rng);
        const answer = await rawRequest(pages.url, path);
        byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
        const what = `${path} → ${answer.status} ${String(answer.headers.location ?? "")} ${answer.body.slice(0, 120)}`;
        if (answer.status === 200 && !mayServeAnonymously(path)) violations.push(`page served: ${what}`);
        if (![200, 302, 400, 404].includes(answer.status)) violations.push(`unexpected status: ${what}`);
        if (answer.status === 302 && !String(answer.headers.location).startsWith("/login?next=%2F"))
          violations.push(`redirect elsewhere than sign-in: ${what}`);
        if (answer.status >= 400) {
          const problems = shapeProblems({
            status: answer.status,
            contentType: String(answer.headers["content-type"] ?? ""),
            text: answer.body,
          });
          for (const problem of problems) violations.push(`${problem}: ${what}`);
        }
      });
    } finally {
      await pages.close();
    }
    console.log(`page-path fuzz (seed ${SEED}): by status`, Object.fromEntries([...byStatus].sort()));
    expect(violations.slice(0, 20), `seed ${SEED}: ${violations.length} violations`).toEqual([]);
    // Both outcomes are exercised (about one path in ten redirects with the default mix; random, so a wide margin).
    expect(byStatus.get(302) ?? 0).toBeGreaterThan(PAGE_PATH_CASES / 30);
    expect(byStatus.get(400) ?? 0).toBeGreaterThan(PAGE_PATH_CASES / 30);
  });

  it(`answers ${API_CASES} API requests with random credentials, cookies and queries without 5xx or a leak`, async () => {
    reportSeed();
    const rng = new Random(SEED ^ 0xa11);
    const now = Date.now();
    const read = await server.store.createApiKey(
      { name: "fuzz-read", scopes: ["read"], createdBy: "fuzz" },
      now,
    );
    const ingest = await server.store.createApiKey(
      { name: "fuzz-ingest", scopes: ["ingest"], createdBy: "fuzz" },
      now,
    );
    const revoked = await server.store.createApiKey(
      { name: "fuzz-revoked", scopes: ["admin"], createdBy: "fuzz" },
      now,
    );
    await server.store.revokeApiKey(revoked.key.id, now);
    const session = await server.store.createSession(read.key.id, 3_600_000, now);

    const randomCredential = credentialPicker(rng, { read, ingest, revoked, session });

    // Every registered route except the webhooks (fuzzed above) and dashboard pages.
    const routes = server.routes.filter((r) => !r.url.startsWith("/api/v1/webhooks") && r.access !== "page");
    const named = [
      ["GET", "/api/v1/jobs"],
      ["GET", "/api/v1/jobs/:id"],
      ["GET", "/api/v1/keys"],
      ["GET", "/api/v1/audit"],
      ["POST", "/api/v1/keys"],
      ["DELETE", "/api/v1/keys/:id"],
      ["GET", "/api/v1/auth/me"],
    ] as const;
    for (const [method, url] of named) {
      expect(
        routes.some((r) => r.method === method && r.url === url),
        `${method} ${url} is registered`,
      ).toBe(true);
    }
    const weighted = [
      ...routes,
      ...routes.filter((r) => named.some(([m, u]) => m === r.method && u === r.url)),
    ];

    const byStatus = new Map<number, number>();
    const violations: string[] = [];
    const shapeViolations = new Map<string, string>();
    let refusedWithoutCredential = 0;
    let wrongScope = 0;

    await pool(API_CASES, CONCURRENCY, async () => {
      const route = rng.pick(weighted);
      // Either sign-out ends the session the other cases share: it is sent without it.
      const isSessionSignOut =
        (route.url === "/api/v1/auth/session" && route.method === "DELETE") ||
        (route.url === "/api/v1/auth/oidc/logout" && route.method === "POST");
      const cred = randomCredential(!isSessionSignOut);
      let path = route.url.replace(":id", () => rng.pick(ID_PARTS));
      if (rng.chance(route.method === "GET" ? 0.7 : 0.2)) {
        path += "?" + Array.from({ length: rng.int(1, 4) }, () => rng.pick(QUERY_PARTS)).join("&");
      }
      const headers: Record<string, string> = { ...cred.headers };
      let body: Uint8Array<ArrayBuffer> | undefined;
      if (
        route.method === "POST" ||
        route.method === "PUT" ||
        route.method === "PATCH" ||
        (route.method === "DELETE" && rng.chance(0.2))
      ) {
        const text = randomApiBody(rng, ingest.secret);
        body = new Uint8Array(Buffer.from(text, "latin1"));
        const contentType = rng.chance(0.85)
          ? "application/json"
          : rng.pick([
              "text/plain",
              "application/x-www-form-urlencoded",
              "multipart/form-data; boundary=x",
              "",
            ]);
        if (contentType) headers["content-type"] = contentType;
        if (rng.chance(0.3)) headers["x-runwatch-csrf"] = "1";
      }
      const requestId = rng.chance(0.3) ? randomRequestId(rng) : null;
      if (requestId) headers["x-request-id"] = requestId.value;
      const answer = await send(`${server.url}${path}`, { method: route.method, headers, body });
      byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      const what = `${route.method} ${path.slice(0, 200)} cred=${cred.label} → ${answer.status} ${answer.text.slice(0, 200)}`;

      if (answer.failure) {
        violations.push(`no answer (${answer.failure}): ${what}`);
        return;
      }
      const idProblem = requestIdProblem(requestId, answer.status, answer.requestId ?? null);
      if (idProblem) violations.push(`${idProblem}: ${what}`);
      if (answer.status >= 500) violations.push(`5xx: ${what}`);
      for (const problem of shapeProblems(answer)) {
        const key = `${answer.status} ${problem}`;
        if (!shapeViolations.has(key)) shapeViolations.set(key, `${key}: ${what}`);
      }
      // 414 and 431 come from the HTTP layer for oversized request lines and headers.
      const transport = [413, 414, 431];
      const publicRoute = route.access === "public";
      if (publicRoute) {
        const ok = [200, 201, 204, 400, 401, 403, 404, 415, ...transport];
        if (!ok.includes(answer.status)) violations.push(`unexpected status: ${what}`);
        if (route.url === "/api/v1/auth/me" && answer.status === 200) {
          const me = JSON.parse(answer.text) as { authenticated: boolean };
          if (me.authenticated !== (cred.scope !== null))
            violations.push(`auth/me says authenticated=${me.authenticated}: ${what}`);
        }
        if (route.url === "/api/v1/auth/session" && route.method === "POST" && answer.status < 300)
          violations.push(`signed in with a random key: ${what}`);
        return;
      }
      if (cred.scope === null) {
        // No valid credential: never through, and 401 unless the request failed earlier.
        if (answer.status < 400) violations.push(`LEAK: ${what}`);
        else if (![401, 400, 404, ...transport].includes(answer.status))
          violations.push(`unexpected status: ${what}`);
        if (answer.status === 401) refusedWithoutCredential++;
        return;
      }
      const needed =
        route.access === "admin"
          ? ["admin"]
          : route.access === "audit"
            ? ["admin", "auditor"]
            : ["admin", "read"];
      if (!needed.includes(cred.scope)) {
        // A valid key without the scope: 403, not 401.
        if (answer.status < 400) violations.push(`LEAK (scope ${cred.scope}): ${what}`);
        else if (![403, 400, 404, ...transport].includes(answer.status))
          violations.push(`wrong scope not 403: ${what}`);
        if (answer.status === 403) wrongScope++;
        return;
      }
      const ok = [200, 201, 204, 400, 403, 404, 415, ...transport];
      if (!ok.includes(answer.status)) violations.push(`unexpected status: ${what}`);
      if (answer.status === 403 && cred.label !== "session")
        violations.push(`403 for a key with the scope: ${what}`);
    });

    console.log(
      `API fuzz (seed ${SEED}): ${API_CASES} requests; by status`,
      Object.fromEntries([...byStatus].sort()),
    );
    expect(violations.slice(0, 20), `seed ${SEED}: ${violations.length} violations`).toEqual([]);
    expect(byStatus.get(401) ?? 0).toBeGreaterThan(API_CASES / 4);
    expect(refusedWithoutCredential).toBeGreaterThan(API_CASES / 4);
    expect(wrongScope).toBeGreaterThan(20);
    expect(byStatus.get(200) ?? 0).toBeGreaterThan(50);
    expect(byStatus.get(400) ?? 0).toBeGreaterThan(20);
    // Nothing on Object.prototype: the server runs in this process, so pollution would show here.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(
      [...shapeViolations.values()],
      "every error answer, from every endpoint, is { error: { code, message } } JSON",
    ).toEqual([]);
  });

  // Found by the fuzz; the smallest deliveries that show it.
  it("treats a status or conclusion named like an Object.prototype member as unknown, not as a status", async () => {
    const cases: [string, (wj: Record<string, unknown> & { steps: Record<string, unknown>[] }) => void][] = [
      ["conclusion: constructor", (wj) => (wj.conclusion = "constructor")],
      ["conclusion: __proto__", (wj) => (wj.conclusion = "__proto__")],
      ["status: toString", (wj) => (wj.status = "toString")],
      ["steps[0].conclusion: constructor", (wj) => (wj.steps[0]!.conclusion = "constructor")],
    ];
    const problems: string[] = [];
    for (const [index, [what, edit]] of cases.entries()) {
      const body = JSON.parse(fixture("github/workflow_job.completed.2.json").toString("utf8"));
      body.workflow_job.id = 777_000_800 + index;
      edit(body.workflow_job);
      const response = await postGithub(server.url, JSON.stringify(body));
      if (response.status !== 202 && response.status !== 400) {
        problems.push(`${what}: ${response.status} ${await response.text()}`);
        continue;
      }
      if (response.status === 202) addJobBound("github", 1);
      const job = await server.store.getJob(`github:${777_000_800 + index}`);
      const issues = job ? storedJobSchema.safeParse(job).error?.issues : undefined;
      if (issues)
        problems.push(`${what}: stored ${issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
    }
    expect(problems).toEqual([]);
  });

  // Found by the fuzz (stored-job check below); the smallest delivery that shows it.
  it("stores no finish time for a job that has not finished", async () => {
    const body = JSON.parse(fixture("github/workflow_job.queued.1.json").toString("utf8"));
    body.workflow_job.id = 777_000_778;
    body.workflow_job.completed_at = "2021-08-05T10:38:16Z";
    expect((await postGithub(server.url, JSON.stringify(body))).status).toBe(202);
    addJobBound("github", 1);
    const job = await server.store.getJob("github:777000778");
    expect(job?.status).toBe("queued");
    expect(job?.finishedAt).toBeNull();
  });

  // Found by the vendor fuzz: the generic schema takes job ids (and run ids) of up to 200
  // characters, and Jenkins ids hold the job's folder path; the API must serve them all.
  it("serves a generic job and run whose ids are at the schema's 200-character limit", async () => {
    const id = `long-${"x".repeat(GENERIC_LIMITS.id - 5)}`;
    const body = JSON.stringify({
      version: 1,
      job: { id, repo: "acme/api", name: "test", status: "running" },
    });
    const posted = await send(`${server.url}/api/v1/webhooks/generic`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-runwatch-signature-256": githubSignature(body, SOURCE_SECRETS.generic),
      },
      body,
    });
    expect(posted.status, posted.text).toBe(202);
    addJobBound("generic", 1);
    for (const path of ["jobs", "runs"]) {
      const answer = await send(`${server.url}/api/v1/${path}/${encodeURIComponent(`generic:${id}`)}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(
        answer.status,
        `GET /api/v1/${path}/generic:<200 characters>: ${answer.text.slice(0, 120)}`,
      ).toBe(200);
    }
  });

  // Found by the vendor fuzz: absurd times made Jenkins and GitLab answer 500 or store times
  // outside ISO 8601's 4-digit years, a deeply nested generic `version` overflowed the stack
  // (500), and unpaired surrogates made ids no URL can name.
  it("answers the smallest deliveries that broke a vendor endpoint without a 5xx, storing only valid jobs", async () => {
    const problems = await edgeCaseProblems(server);
    for (const [source, jobs] of Object.entries({ jenkins: 2, gitlab: 2, generic: 2, buildkite: 1 }))
      addJobBound(source, jobs);
    expect(problems).toEqual([]);
  });

  // The fuzz above found these; each is the smallest request that shows it.
  it("answers with the JSON error shape even when the HTTP layer refuses the request", async () => {
    const cases: [string, string, RequestInit?][] = [
      ["malformed percent-encoding in the path (FST_ERR_BAD_URL)", "/api/v1/jobs/%zz"],
      // Far over any sane maxParamLength (stored ids themselves may be over 200 characters).
      ["path parameter over maxParamLength (FST_ERR_MAX_PARAM_LENGTH)", `/api/v1/jobs/${"a".repeat(5_000)}`],
      [
        "headers over the 16 KiB limit (Node's clientError)",
        "/healthz",
        { headers: { "x-pad": "a".repeat(20_000) } },
      ],
    ];
    const problems: string[] = [];
    for (const [what, path, init] of cases) {
      const answer = await send(`${server.url}${path}`, init ?? {});
      if (answer.status < 400 || answer.status >= 500) problems.push(`${what}: status ${answer.status}`);
      for (const problem of shapeProblems(answer))
        problems.push(`${what}: ${problem}: ${answer.status} ${answer.text.slice(0, 160)}`);
    }
    expect(problems).toEqual([]);
  });
});

describe("fuzz: alert channel URLs never reach the server's own network", { timeout: 180_000 }, () => {
  it(`refuses ${CHANNEL_URL_CASES} disguised loopback and metadata URLs with a 400 naming config.url; nothing connects`, async () => {
    reportSeed();
    const rng = new Random(SEED);
    const trap = await startConnectionTrap();
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" };
    const problems: string[] = [];
    const accepted: { id: string; url: string }[] = [];
    try {
      await pool(CHANNEL_URL_CASES, CONCURRENCY, async (index) => {
        const url = makeChannelUrl(rng, trap.port);
        const kind = rng.pick(["webhook", "slack", "teams", "discord"]);
        const answer = await send(`${server.url}/api/v1/channels`, {
          method: "POST",
          headers,
          body: JSON.stringify({ name: `probe ${index}`, kind, config: { url } }),
        });
        for (const problem of shapeProblems(answer)) problems.push(`${problem} for ${JSON.stringify(url)}`);
        if (answer.status === 201) accepted.push({ id: (JSON.parse(answer.text) as { id: string }).id, url });
        else if (answer.status !== 400) problems.push(`${answer.status} for ${JSON.stringify(url)}`);
        else if ((JSON.parse(answer.text) as { error: { field?: string } }).error.field !== "config.url")
          problems.push(`400 not naming config.url for ${JSON.stringify(url)}: ${answer.text.slice(0, 200)}`);
      });
      // What creation let through (names that do not resolve now) is refused again when sent.
      for (const { id, url } of accepted) {
        const answer = await send(`${server.url}/api/v1/channels/${id}/test`, {
          method: "POST",
          headers: { authorization: headers.authorization },
        });
        const result = JSON.parse(answer.text) as { ok: boolean; error?: string };
        if (
          result.ok ||
          !["address not allowed by the outbound policy", "host not found"].includes(result.error ?? "")
        )
          problems.push(`test of ${JSON.stringify(url)} answered ${answer.text.slice(0, 200)}`);
      }
      expect(problems.slice(0, 10), `seed ${SEED}: ${problems.length} problems`).toEqual([]);
      expect(trap.connections(), `seed ${SEED}: connections reached the trap`).toBe(0);
    } finally {
      await trap.close();
    }
  });
});

// ── What every test must leave behind ────────────────────────────────────────

/** Every job the current server stored, all pages. */
async function listAllJobs(): Promise<Job[]> {
  const jobs: Job[] = [];
  let cursor: string | undefined;
  do {
    const page = await server.store.listJobs({ sort: "created", limit: 200, cursor });
    jobs.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return jobs;
}

/**
 * The current test's server stored only valid jobs and runs, no more than it
 * acknowledged, serves all of them, kept its audit chain, and is still up.
 */
async function expectStoredStateSound(): Promise<void> {
  const jobs = await listAllJobs();
  const invalid = jobs
    .map((job) => ({ job, result: storedJobSchema.safeParse(job) }))
    .filter(({ result }) => !result.success)
    .map(({ job, result }) => ({
      id: job.id,
      issues: result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
      job: JSON.stringify(job).slice(0, 600),
    }));
  expect(invalid.slice(0, 5), `seed ${SEED}: ${invalid.length} invalid stored jobs`).toEqual([]);
  expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
  // Per source: no more jobs stored than its acknowledged deliveries could have created (none if none).
  const stored = new Map<string, number>();
  for (const job of jobs) stored.set(job.source, (stored.get(job.source) ?? 0) + 1);
  if (stored.size > 0)
    console.table(
      Object.fromEntries(
        [...stored].map(([source, count]) => [
          source,
          { "jobs stored": count, "job bound": jobBound.get(source) ?? 0 },
        ]),
      ),
    );
  for (const [source, count] of stored)
    expect(count, `seed ${SEED}: ${source} jobs stored`).toBeLessThanOrEqual(jobBound.get(source) ?? 0);
  const runs = await allRuns(server);
  const runIssues = runs.flatMap((run) =>
    (storedRunSchema.safeParse(run).error?.issues ?? []).map(
      (issue) => `${run.id}: ${issue.message} ${JSON.stringify(run).slice(0, 300)}`,
    ),
  );
  expect(runIssues.slice(0, 5), `seed ${SEED}: ${runIssues.length} invalid stored runs`).toEqual([]);
  // Stored means served: the API finds every job and run the vendor endpoints stored, by its id.
  const unserved = await servedProblems(
    server,
    jobs.filter((j) => j.source !== "github"),
    runs.filter((r) => r.source !== "github").map((r) => r.id),
  );
  expect(unserved.slice(0, 10), `seed ${SEED}: ${unserved.length} stored but not served`).toEqual([]);

  expect(await server.store.verifyAudit()).toMatchObject({ ok: true });
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
}

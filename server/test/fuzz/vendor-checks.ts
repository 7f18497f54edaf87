/**
 * Slower, sequential checks of one vendor endpoint: refusals in each layer store
 * nothing (not even the delivery key), a redelivery is acknowledged once, and
 * racing observations of one job merge forward.
 */
import type { Job } from "../../../lib/job";
import { ADAPTERS } from "../../ingest/adapters";
import type { TestServer } from "../helpers";
import { type Answer, send, shapeProblems } from "./http";
import { RANK, storedJobSchema } from "./job-schema";
import { remove, serialise, toNode } from "./json-tree";
import { BYTE_MUTATIONS } from "./mutations";
import { caseRng, describeVendorCase, makeVendorCase, seedEvent, type VendorCase } from "./vendor-cases";
import { api, errorProblems, jobsIn, postVendor } from "./vendor-run";
import { pickAuth, TOLERANCE_S } from "./vendor-signatures";
import { seedTree, type Vendor, VENDORS } from "./vendors";

const LAYERS = ["auth", "mediaType", "size", "json", "field"] as const;

/**
 * For each of `count` fresh deliveries: first a copy broken in one layer (it must be
 * refused with that layer's status, and store nothing), then the valid delivery with
 * the same delivery key (it must be new, and stored), then a redelivery of it, signed
 * anew (it must be a duplicate). The stored deliveries grow by exactly the valid ones;
 * `jobs` is the most jobs those valid deliveries can have created.
 */
export async function refusalsAndRedeliveries(
  server: TestServer,
  vendor: Vendor,
  seed: number,
  count: number,
): Promise<{ problems: string[]; sent: number; jobs: number }> {
  const problems: string[] = [];
  const before = await server.store.countDeliveries();
  const vendorIndex = VENDORS.indexOf(vendor);
  const invalidAuth = vendor.auth.filter((a) => !a.valid);
  const validAuth = vendor.auth.filter((a) => a.valid);
  let sent = 0;
  let jobs = 0;
  for (let index = 0; sent < count && index < 20 * count; index++) {
    const { c, rng } = makeVendorCase(vendor, vendorIndex, seed ^ 0x0bad, index);
    const required = vendor.required(vendor.seeds.find((s) => s.name === c.seed)!);
    if (!c.fresh || required === null) continue;
    const layer = LAYERS[sent % LAYERS.length]!;
    const valid: VendorCase = {
      ...c,
      body: c.original,
      contentType: "application/json",
      auth: pickAuth(rng, validAuth),
      event: seedEvent(c),
      // GitLab and generic deliveries carry a key; the others derive theirs from the body.
      delivery: vendor.deliveryHeader === null ? null : rng.uuid(),
      pristine: true,
      mutations: ["pristine"],
    };
    let body = c.original;
    if (layer === "size") body = Buffer.concat([Buffer.from(" ".repeat(1024 * 1024)), body]);
    if (layer === "json") body = BYTE_MUTATIONS.truncate(rng, body)[0];
    if (layer === "field") {
      const root = toNode(JSON.parse(body.toString("utf8")));
      remove(root, required);
      body = Buffer.from(serialise(root));
    }
    const broken: VendorCase = {
      ...valid,
      body,
      auth: layer === "auth" ? pickAuth(rng, invalidAuth) : valid.auth,
      contentType: layer === "mediaType" ? rng.pick(["text/plain", "application/xml"]) : "application/json",
      mutations: [`layer(${layer})`],
    };
    const status = { auth: 401, mediaType: 415, size: 413, json: 400, field: 400 }[layer];
    const refused = await postVendor(server.url, broken, rng);
    const what = (a: Answer, cc: VendorCase) =>
      `${a.status} ${a.text.slice(0, 200)} to ${describeVendorCase(cc)}`;
    if (refused.status !== status) problems.push(`expected ${status}: ${what(refused, broken)}`);
    problems.push(
      ...[...shapeProblems(refused), ...errorProblems(refused)].map((p) => `${p}: ${what(refused, broken)}`),
    );
    if (layer === "field" && refused.status === 400) {
      const field = (JSON.parse(refused.text) as { error: { field?: string } }).error.field;
      if (field !== required) problems.push(`400 names ${field}, not ${required}: ${what(refused, broken)}`);
    }
    for (const id of c.expected.jobs)
      if (await server.store.getJob(id)) problems.push(`refused: job ${id} stored`);
    for (const id of c.expected.runs)
      if (await server.store.getRun(id)) problems.push(`refused: run ${id} stored`);

    for (const [attempt, duplicate] of [
      ["first", false],
      ["redelivery", true],
    ] as const) {
      const answer = await postVendor(server.url, { ...valid, auth: pickAuth(rng, validAuth) }, rng);
      const parsed = answer.status === 202 ? (JSON.parse(answer.text) as { duplicate?: boolean }) : null;
      if (parsed?.duplicate !== duplicate)
        problems.push(
          `${attempt} after a ${layer} refusal, duplicate should be ${duplicate}: ${what(answer, valid)}`,
        );
    }
    for (const id of c.expected.jobs)
      if ((await api(server, `/api/v1/jobs/${encodeURIComponent(id)}`)).status !== 200)
        problems.push(`accepted job ${id} not served: ${describeVendorCase(valid)}`);
    sent++;
    jobs += jobsIn(c.original);
  }
  const after = await server.store.countDeliveries();
  if (after - before !== sent)
    problems.push(
      `${after - before} deliveries stored from ${sent} valid ones (and their refusals and redeliveries)`,
    );
  return { problems, sent, jobs };
}

/**
 * Many plausible observations of ONE job, racing: the stored job is as advanced as the
 * most advanced accepted observation (lifecycle only moves forward), and valid.
 */
export async function raceVendor(server: TestServer, vendor: Vendor, seed: number, count: number) {
  const rng = caseRng(seed, 100 + VENDORS.indexOf(vendor), 0);
  const jobSeed = vendor.seeds.find((s) => vendor.freshen(rng, seedTree(s), s, false).jobs.length === 1)!;
  const base = seedTree(jobSeed);
  const { jobs } = vendor.freshen(rng, base, jobSeed, true);
  const id = jobs[0]!;
  const pinned = serialise(base);
  const adapter = ADAPTERS.find((a) => a.source === vendor.source)!;
  const validAuth = vendor.auth.filter((a) => a.valid);
  const deliveries = Array.from({ length: count }, (_, i) => {
    const root = seedTree({ ...jobSeed, json: JSON.parse(pinned) as unknown });
    const label = rng.chance(0.3) ? "pristine" : vendor.plausible(rng, root);
    let body: Buffer = Buffer.from(serialise(root));
    if (rng.chance(0.1)) body = BYTE_MUTATIONS.bitFlip(rng, body)[0];
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (vendor.eventHeader && jobSeed.event) headers[vendor.eventHeader] = jobSeed.event;
    if (vendor.deliveryHeader) headers[vendor.deliveryHeader] = rng.uuid();
    const auth = pickAuth(rng, validAuth);
    const now = Math.floor(Date.now() / 1000);
    Object.assign(headers, auth.headers({ body, rng, now, webhookId: rng.uuid() }));
    return { i, label, body, headers };
  });
  const answers = await Promise.all(
    deliveries.map((d) =>
      send(`${server.url}/api/v1/webhooks/${vendor.source}`, {
        method: "POST",
        headers: d.headers,
        body: new Uint8Array(d.body),
      }),
    ),
  );
  const problems: string[] = [];
  let topRank = -1;
  let accepted = 0;
  const acceptedAny = answers.filter((a) => a.status === 202).length;
  answers.forEach((answer, i) => {
    const d = deliveries[i]!;
    const what = `race #${i} ${d.label}: ${answer.status} ${answer.text.slice(0, 200)}`;
    if (![202, 400].includes(answer.status)) problems.push(`unexpected ${what}`);
    problems.push(...shapeProblems(answer).map((p) => `${p}: ${what}`));
    if (answer.status !== 202) return;
    // The adapter is pure: what it makes of an accepted body is what the store merged.
    const body = JSON.parse(d.body.toString("utf8")) as Record<string, unknown>;
    const request = { headers: d.headers, rawBody: d.body, now: Date.now(), toleranceMs: TOLERANCE_S * 1000 };
    const normalised = adapter.normalise(adapter.identify(request, body).event, body);
    const job =
      normalised.kind === "data" ? normalised.observations.jobs.find((j: Job) => j.id === id) : undefined;
    if (!job) return;
    accepted++;
    topRank = Math.max(topRank, RANK[job.status]);
  });
  const stored = await server.store.getJob(id);
  if (accepted > 0) {
    if (!stored) problems.push(`${id} not stored after ${accepted} accepted observations`);
    else {
      if (RANK[stored.status] !== topRank)
        problems.push(`${id} stored ${stored.status}, top rank ${topRank}`);
      const issues = storedJobSchema.safeParse(stored).error?.issues ?? [];
      problems.push(...issues.map((issue) => `${id}: ${issue.message}`));
      const viaApi = await api(server, `/api/v1/jobs/${encodeURIComponent(id)}`);
      const served = await viaApi.text();
      if (viaApi.status !== 200 || served !== JSON.stringify(stored))
        problems.push(`${id}: the API serves ${viaApi.status} ${served.slice(0, 200)}`);
    }
  }
  return { id, accepted, acceptedAny, problems };
}

type Body = Record<string, unknown> & { build: Record<string, unknown>; job: Record<string, unknown> };

/**
 * The smallest deliveries that showed each vendor bug the fuzz found, the answers they may
 * get, and (for what JSON.stringify cannot make) a text edit of the body.
 */
/** A deep-nesting text edit, as `nest` makes: the fuzzer cannot build this as a JS object. */
const deepVersion = (text: string) =>
  text.replace('"version":1', `"version":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`);

const EDGE_CASES: [
  string,
  Vendor["source"],
  string,
  (body: Body) => unknown,
  number[],
  ((text: string) => string)?,
][] = [
  [
    "Jenkins timestamp past what a Date holds",
    "jenkins",
    "STARTED",
    (b) => (b.build.timestamp = 8_640_000_000_000_001),
    [400],
  ],
  [
    "Jenkins duration longer than the time since 1970",
    "jenkins",
    "COMPLETED",
    (b) => (b.build.duration = 2e15),
    [202, 400],
  ],
  [
    "GitLab duration of 1e13 s and no start time",
    "gitlab",
    "job.success.json",
    (b) => ((b.build_started_at = null), (b.build_duration = 1e13)),
    [202, 400],
  ],
  [
    "GitLab time in year 10000 once in UTC",
    "gitlab",
    "job.success.json",
    (b) => (b.build_finished_at = "9999-12-31T23:59:59.999-23:59"),
    [202, 400],
  ],
  [
    "generic time in year −1 once in UTC",
    "generic",
    "documented example",
    (b) => (b.job.queuedAt = "0000-01-01T00:00:00+14:00"),
    [202, 400],
  ],
  ["generic version nested 10,000 deep", "generic", "documented example", () => "deep", [400], deepVersion],
  [
    "generic job id with an unpaired surrogate",
    "generic",
    "documented example",
    (b) => (b.job.id = "lone-\ud800"),
    [400],
  ],
  [
    "Buildkite job id with an unpaired surrogate",
    "buildkite",
    "job.started",
    (b) => (b.job.id = "lone-\udfff"),
    [400],
  ],
];

/** Each edge case gets an allowed answer (never a 5xx), and a job it stores is valid. */
export async function edgeCaseProblems(server: TestServer): Promise<string[]> {
  const problems: string[] = [];
  const rng = caseRng(0, 0, 0);
  for (const [what, source, seedName, edit, allowed, raw = (text: string) => text] of EDGE_CASES) {
    const vendor = VENDORS.find((v) => v.source === source)!;
    const seed = vendor.seeds.find((s) => s.name.includes(seedName))!;
    const root = seedTree(seed);
    const { jobs } = vendor.freshen(rng, root, seed, true);
    const body = JSON.parse(serialise(root)) as Body;
    const changed = String(edit(body));
    const c: VendorCase = {
      ...makeVendorCase(vendor, 0, 0, 0).c,
      seed: seed.name,
      body: Buffer.from(raw(JSON.stringify(body))),
      contentType: "application/json",
      auth: vendor.auth.find((a) => a.valid)!,
      event: seed.event,
      delivery: vendor.deliveryHeader ? rng.uuid() : null,
      mutations: [`edge(${changed})`],
    };
    const answer = await postVendor(server.url, c, rng);
    if (!allowed.includes(answer.status))
      problems.push(`${what}: ${answer.status} ${answer.text.slice(0, 160)}`);
    // Where the edit keeps the job's id, a stored job must be valid.
    const stored = answer.status === 202 ? await server.store.getJob(jobs[0]!) : null;
    for (const issue of stored ? (storedJobSchema.safeParse(stored).error?.issues ?? []) : [])
      problems.push(
        `${what}: stored ${issue.path.join(".")} ${issue.message} (${JSON.stringify(stored).slice(0, 200)})`,
      );
  }
  return problems;
}

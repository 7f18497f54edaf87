/**
 * Drives one vendor endpoint with random deliveries and checks every answer, then
 * what was (and was not) stored. The test file asserts on the report.
 */
import type { Job } from "../../../lib/job";
import type { PipelineRun } from "../../../lib/run";
import { ADMIN_TOKEN, type TestServer } from "../helpers";
import { type Answer, pool, send, shapeProblems } from "./http";
import { storedJobSchema, storedRunSchema } from "./job-schema";
import type { Random } from "../../../lib/random";
import {
  describeVendorCase,
  isFreshDelivery,
  makeVendorCase,
  type VendorCase,
  verdict,
} from "./vendor-cases";
import { type Expected, type Vendor, VENDORS } from "./vendors";

/** The error code of each refusal, per docs/webhooks.md "Answers". */
const ERROR_CODES: Record<number, string> = {
  400: "invalid_payload",
  401: "invalid_signature",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

/** Sends a case as its vendor would, signing (and timestamping) it now. */
export async function postVendor(url: string, c: VendorCase, rng: Random): Promise<Answer> {
  const headers: Record<string, string> = { "user-agent": c.vendor.userAgent };
  if (c.contentType !== null) headers["content-type"] = c.contentType;
  if (c.vendor.eventHeader !== null && c.event !== null) headers[c.vendor.eventHeader] = c.event;
  if (c.vendor.deliveryHeader !== null && c.delivery !== null) headers[c.vendor.deliveryHeader] = c.delivery;
  const now = Math.floor(Date.now() / 1000);
  Object.assign(headers, c.auth.headers({ body: c.body, rng, now, webhookId: c.webhookId }));
  const target = `${url}/api/v1/webhooks/${c.vendor.source}`;
  return send(target, { method: "POST", headers, body: new Uint8Array(c.body) });
}

/** Problems with a webhook refusal beyond the shared shape: the code of its layer, and a named field for 400. */
export function errorProblems(answer: Answer): string[] {
  if (answer.status < 400 || !answer.contentType?.startsWith("application/json")) return [];
  let error: { code?: unknown; field?: unknown } | undefined;
  try {
    error = (JSON.parse(answer.text) as { error?: { code?: unknown; field?: unknown } }).error;
  } catch {
    return [];
  }
  const problems: string[] = [];
  const code = ERROR_CODES[answer.status];
  if (code && error?.code !== code)
    problems.push(`code ${String(error?.code)} for ${answer.status}, not ${code}`);
  if (answer.status === 400 && (typeof error?.field !== "string" || error.field === ""))
    problems.push("a 400 that names no field");
  if (error?.field !== undefined && answer.status !== 400) problems.push(`field on a ${answer.status}`);
  return problems;
}

export interface VendorReport {
  seconds: number;
  byStatus: Map<number, number>;
  byClass: Map<string, Map<number, number>>;
  byAuth: Map<string, Map<number, number>>;
  violations: string[];
  /** What pristine accepted deliveries must have stored, and the delivery. */
  mustExist: { expected: Expected; what: string }[];
  /** What refused (or ignored) deliveries with fresh ids must not have stored. */
  mustBeAbsent: Expected[];
  /** Most jobs the accepted, non-duplicate deliveries could have created. */
  jobBound: number;
  /** Accepted pristine deliveries. */
  pristineAccepted: number;
}

const tally = (map: Map<string, Map<number, number>>, key: string, status: number) => {
  const counts = map.get(key) ?? new Map<number, number>();
  counts.set(status, (counts.get(status) ?? 0) + 1);
  map.set(key, counts);
};

/**
 * Sends `cases` random deliveries to one vendor endpoint, `concurrency` at a time, and checks
 * each answer against `verdict`; what must (not) be stored is collected for `storedProblems`.
 */
export async function fuzzVendor(
  server: TestServer,
  vendor: Vendor,
  seed: number,
  cases: number,
  concurrency: number,
): Promise<VendorReport> {
  const vendorIndex = VENDORS.indexOf(vendor);
  const report: VendorReport = {
    seconds: 0,
    byStatus: new Map(),
    byClass: new Map(),
    byAuth: new Map(),
    violations: [],
    mustExist: [],
    mustBeAbsent: [],
    jobBound: 0,
    pristineAccepted: 0,
  };
  const started = Date.now();
  await pool(cases, concurrency, async (index) => {
    const { c, rng } = makeVendorCase(vendor, vendorIndex, seed, index);
    const answer = await postVendor(server.url, c, rng);
    const { violations } = report;
    report.byStatus.set(answer.status, (report.byStatus.get(answer.status) ?? 0) + 1);
    tally(report.byClass, c.mutations[0]?.replace(/\(.*$/, "") ?? "?", answer.status);
    tally(report.byAuth, c.auth.name, answer.status);
    const { allowed, stores } = verdict(c);
    const what = () => `${answer.status} ${answer.text.slice(0, 240)} to ${describeVendorCase(c)}`;
    if (answer.failure) violations.push(`no answer (${answer.failure}) to ${describeVendorCase(c)}`);
    else if (!allowed.includes(answer.status)) violations.push(`(allowed ${allowed}) ${what()}`);
    for (const problem of [...shapeProblems(answer), ...errorProblems(answer)])
      violations.push(`${problem}: ${what()}`);
    if (answer.status === 202) {
      const { duplicate } = JSON.parse(answer.text) as { duplicate?: boolean };
      if (duplicate && isFreshDelivery(c))
        violations.push(`fresh delivery answered as a duplicate: ${what()}`);
      if (!duplicate) report.jobBound += jobsIn(c.body);
      // With the fixture's own ids, Buildkite's and Jenkins' derived delivery keys may already have
      // been taken by an earlier (mutated, accepted) body: only a new key guarantees a new record.
      if (stores && (c.fresh || isFreshDelivery(c))) {
        report.pristineAccepted++;
        report.mustExist.push({ expected: c.expected, what: `${describeVendorCase(c)} → ${answer.text}` });
      }
    }
    const ignored = c.vendor.source === "gitlab" && c.event !== "Job Hook" && c.event !== "Pipeline Hook";
    if (c.fresh && (answer.status >= 400 || (answer.status === 202 && ignored)))
      report.mustBeAbsent.push(c.expected);
  });
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

/** Jobs a body can report: one, or one per entry of a GitLab pipeline's `builds`. */
/** The most jobs one delivery can create (a GitLab pipeline carries several builds). */
export function jobsIn(body: Buffer): number {
  try {
    const builds = (JSON.parse(body.toString("utf8")) as { builds?: unknown }).builds;
    return Math.max(1, Array.isArray(builds) ? builds.length : 0);
  } catch {
    return 1;
  }
}

export const api = (server: TestServer, path: string) =>
  fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });

/** Checks over HTTP that every expected job and run is served, and that no unexpected one is stored. */
export async function storedProblems(server: TestServer, report: VendorReport): Promise<string[]> {
  const problems: string[] = [];
  // Retired runners too: a hosted runner is stored (and then retired) once its job ends.
  const runners = new Set((await server.store.listRunners({ includeRetired: true })).map((r) => r.id));
  const gets = report.mustExist.flatMap(({ expected, what }) => [
    ...expected.jobs.map((id) => ({ kind: "jobs", id, what })),
    ...expected.runs.map((id) => ({ kind: "runs", id, what })),
  ]);
  await pool(gets.length, 16, async (i) => {
    const { kind, id, what } = gets[i]!;
    const response = await api(server, `/api/v1/${kind}/${encodeURIComponent(id)}`);
    if (response.status !== 200) {
      problems.push(`accepted ${kind} ${id}: GET answered ${response.status}: ${what}`);
      return;
    }
    const served = (await response.json()) as { run?: unknown };
    const result =
      kind === "jobs" ? storedJobSchema.safeParse(served) : storedRunSchema.safeParse(served.run);
    const issues = result.error?.issues ?? [];
    if (issues.length > 0) problems.push(`${kind} ${id}: ${issues.map((issue) => issue.message).join("; ")}`);
  });
  for (const { expected } of report.mustExist)
    for (const id of expected.runners)
      if (!runners.has(id)) problems.push(`accepted runner ${id} is not listed`);
  for (const expected of report.mustBeAbsent) {
    for (const id of expected.jobs)
      if (await server.store.getJob(id)) problems.push(`refused job ${id} stored`);
    for (const id of expected.runs)
      if (await server.store.getRun(id)) problems.push(`refused run ${id} stored`);
    for (const id of expected.runners) if (runners.has(id)) problems.push(`refused runner ${id} stored`);
  }
  return problems;
}

/** Every stored job and run is served by `GET /api/v1/jobs/:id` and `/runs/:id`, exactly as stored. */
export async function servedProblems(server: TestServer, jobs: Job[], runIds: string[]): Promise<string[]> {
  const problems: string[] = [];
  const targets = [
    ...jobs.map((job) => ({ kind: "jobs", id: job.id, job })),
    ...runIds.map((id) => ({ kind: "runs", id, job: null })),
  ];
  await pool(targets.length, 16, async (i) => {
    const { kind, id, job } = targets[i]!;
    // An unpaired surrogate has no UTF-8 form: no URL can name the job, and SQLite columns lose it.
    if (/\p{Cs}/u.test(id)) {
      problems.push(`stored ${kind} ${JSON.stringify(id)}: the id is not well-formed Unicode`);
      return;
    }
    const response = await api(server, `/api/v1/${kind}/${encodeURIComponent(id)}`);
    const text = await response.text();
    if (response.status !== 200)
      problems.push(
        `stored ${kind} ${JSON.stringify(id)} (${id.length} characters): GET ${response.status} ${text.slice(0, 120)}`,
      );
    // A waiting job's `eta` is worked out at each read (it moves with the clock): the rest must match.
    else if (job && JSON.stringify(withoutEta(JSON.parse(text) as Job)) !== JSON.stringify(withoutEta(job)))
      problems.push(`job ${id}: the API serves ${text.slice(0, 200)}`);
  });
  return problems;
}

/** The job without its `eta` (worked out when served, never stored). */
function withoutEta(job: Job): Job {
  const { eta: _eta, ...stored } = job;
  return stored;
}

/** Every stored run, without its job counts. */
export async function allRuns(server: TestServer): Promise<PipelineRun[]> {
  const runs: PipelineRun[] = [];
  let cursor: string | undefined;
  do {
    const page = await server.store.listRuns({ limit: 200, cursor });
    runs.push(...page.items.map(({ jobs: _counts, ...run }) => run));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return runs;
}

/** Prints an endpoint's answers: by status, then by mutation class and by authentication variant. */
export function printReport(source: string, seed: number, cases: number, report: VendorReport): void {
  const table = (m: Map<string, Map<number, number>>) =>
    Object.fromEntries([...m].sort().map(([k, v]) => [k, Object.fromEntries([...v].sort())]));
  console.log(
    `${source} fuzz (seed ${seed}): ${cases} deliveries in ${report.seconds.toFixed(1)} s; by status`,
    Object.fromEntries([...report.byStatus].sort()),
  );
  console.table(table(report.byClass));
  console.table(table(report.byAuth));
}

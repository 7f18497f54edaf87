/**
 * Signed GitHub `workflow_job` deliveries for the live benchmarks, built from
 * the real fixtures in test/fixtures/github. Every delivery is a distinct job
 * (its own `workflow_job.id`), its jobs grouped in runs of up to 256 (GitHub's
 * matrix limit) or all in one run, timestamped around the send time.
 *
 * Rendering is a template fill, not a JSON round trip: each fixture is
 * serialised once with markers where the varying fields go, so a delivery
 * costs a few string joins and one HMAC — cheap enough for the client not to
 * be what limits the server it measures.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { signBody } from "../demo/sender";

/** The folder of GitHub's example deliveries (provenance: test/fixtures/README.md). */
export const GITHUB_FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/github");

/** The secret the benchmark's servers verify GitHub signatures with. */
export const BENCH_GITHUB_SECRET = "bench-github-secret";

/** GitHub's largest matrix: at most this many jobs in one run. */
export const MAX_JOBS_PER_RUN = 256;

/** One delivery, ready to POST to `/api/v1/webhooks/github`. */
export interface Delivery {
  /** The job's Runwatch id (`github:<workflow_job.id>`), as socket events carry it. */
  jobId: string;
  body: Buffer;
  headers: Record<string, string>;
}

/** Options of a delivery stream. */
export interface DeliveryOptions {
  /** The first `workflow_job.id`; each delivery takes the next one. */
  firstJobId: number;
  /** The first `run_id`; a new run starts every `jobsPerRun` jobs. */
  firstRunId: number;
  /** Jobs per run: 256 by default; `Infinity` puts every job in one run. */
  jobsPerRun?: number;
  secret?: string;
  /** The clock the timestamps are read from (ms). */
  now?: () => number;
}

const MARK = (name: string) => `@@${name}@@`;
const MARKED = /"@@(\w+)@@"/;

/** A fixture serialised with markers: literal text at even indexes, marker names at odd ones. */
type Template = string[];

/** Every `workflow_job.*.json` fixture, as a template (sorted by name). */
export function loadTemplates(dir = GITHUB_FIXTURES): Template[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith("workflow_job.") && name.endsWith(".json"))
    .sort()
    .map((name) => {
      const body = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as {
        workflow_job: Record<string, unknown>;
      };
      const job = body.workflow_job;
      job.id = MARK("id");
      job.run_id = MARK("run");
      job.created_at = MARK("created");
      // Only the timestamps the event has (a queued job has not started).
      if (job.started_at) job.started_at = MARK("started");
      if (job.completed_at) job.completed_at = MARK("completed");
      // Indented like the fixtures (GitHub's examples, ~10 KB each).
      return JSON.stringify(body, null, 2).split(MARKED);
    });
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");

/** Fills a template: markers become the given values (strings quoted, numbers bare). */
export function renderTemplate(template: Template, values: Record<string, string | number>): string {
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const part = template[i] ?? "";
    if (i % 2 === 0) {
      out += part;
      continue;
    }
    const value = values[part];
    if (value === undefined) throw new Error(`no value for marker ${part}`);
    out += typeof value === "number" ? String(value) : JSON.stringify(value);
  }
  return out;
}

/**
 * A stream of distinct signed deliveries: job `firstJobId + n` is the n-th,
 * in run `firstRunId + ⌊n / jobsPerRun⌋`, its event the n-th fixture in turn
 * (queued, waiting, in progress, completed).
 */
export function deliveryStream(options: DeliveryOptions): { next(): Delivery; readonly sent: number } {
  const templates = loadTemplates();
  const secret = options.secret ?? BENCH_GITHUB_SECRET;
  const perRun = options.jobsPerRun ?? MAX_JOBS_PER_RUN;
  const now = options.now ?? Date.now;
  let n = 0;
  return {
    get sent() {
      return n;
    },
    next(): Delivery {
      const id = options.firstJobId + n;
      const run = options.firstRunId + (Number.isFinite(perRun) ? Math.floor(n / perRun) : 0);
      const template = templates[n % templates.length] as Template;
      n += 1;
      const t = now();
      const text = renderTemplate(template, {
        id,
        run,
        created: iso(t - 60_000),
        started: iso(t - 30_000),
        completed: iso(t),
      });
      const body = Buffer.from(text);
      return {
        jobId: `github:${id}`,
        body,
        headers: {
          "content-type": "application/json",
          "user-agent": "GitHub-Hookshot/bench",
          "x-github-event": "workflow_job",
          "x-github-delivery": randomUUID(),
          "x-hub-signature-256": signBody(secret, body),
        },
      };
    },
  };
}

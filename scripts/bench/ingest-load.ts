/**
 * A focused ingest load, for profiling and before/after comparisons: the real
 * server in its own process, signed distinct GitHub `workflow_job`
 * deliveries (three events per job, jobs in runs of up to 256) sent over
 * real HTTP from `--connections` keep-alive connections. Prints deliveries/s,
 * p50/p99 acknowledgement and, with `--count-commits`, the SQLite commits
 * (each one fsync under WAL + synchronous=FULL) per delivery.
 *
 *   npx tsx scripts/bench/ingest-load.ts [--root DIR] [--deliveries 6000] [--connections 32]
 *        [--cpu-prof DIR] [--count-commits]
 *
 * `--root` runs another checkout's server (e.g. the commit before a change).
 */
import { createHmac, randomUUID } from "node:crypto";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    root: { type: "string", default: path.resolve(import.meta.dirname, "../..") },
    deliveries: { type: "string", default: "6000" },
    connections: { type: "string", default: "32" },
    "cpu-prof": { type: "string" },
    "count-commits": { type: "boolean", default: false },
  },
});
const root = path.resolve(values.root);
const total = Number(values.deliveries);
const connections = Number(values.connections);
const SECRET = "load-github-secret";
const FIXTURES = path.join(import.meta.dirname, "../../test/fixtures/github");

/** Signed bodies for `total` deliveries: job k sends queued, in_progress, completed (every 4th fails). */
function deliveries(): { body: Buffer; headers: Record<string, string> }[] {
  const template = (name: string) =>
    JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8")) as {
      workflow_job: Record<string, unknown>;
    };
  const events = [
    template("workflow_job.queued.1.json"),
    template("workflow_job.in_progress.1.json"),
    template("workflow_job.completed.1.json"),
  ];
  const out = [];
  const batch = randomUUID().slice(0, 8);
  for (let i = 0; i < total; i++) {
    const job = Math.floor(i / 3);
    const payload = structuredClone(events[i % 3]!);
    payload.workflow_job.id = 10_000_000 + job;
    payload.workflow_job.run_id = 5_000_000 + Math.floor(job / 256);
    payload.workflow_job.name = `job ${job % 256} ${batch}`;
    if (i % 3 === 2) payload.workflow_job.conclusion = job % 4 === 0 ? "failure" : "success";
    const body = Buffer.from(JSON.stringify(payload));
    out.push({
      body,
      headers: {
        "content-type": "application/json",
        "x-github-event": "workflow_job",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
        "content-length": String(body.length),
      },
    });
  }
  return out;
}

async function startServer(dataDir: string) {
  const nodeArgs = values["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${values["cpu-prof"]}`] : [];
  if (values["count-commits"]) nodeArgs.push("--import", path.join(import.meta.dirname, "count-commits.mjs"));
  const entry = path.join(root, "server/test/child-server.ts");
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", entry], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      PORT: "0",
      HOST: "127.0.0.1",
      RUNWATCH_DATA_DIR: dataDir,
      RUNWATCH_GITHUB_SECRET: SECRET,
      RUNWATCH_ADMIN_TOKEN: "rw_load_admin_token_0123456789abcdefghij",
      RUNWATCH_RATE_LIMIT_WEBHOOK: "1000000",
      RUNWATCH_LOG_LEVEL: "error",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let commits: { commits: number; autocommits: number } | null = null;
  child.stderr.on("data", (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    const line = text.split("\n").find((l) => l.startsWith("COMMITS "));
    if (line) commits = JSON.parse(line.slice("COMMITS ".length)) as typeof commits;
    else process.stderr.write(text);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      if (out.length > 10_000) return;
      out += chunk.toString("utf8");
      const line = out.split("\n").find((l) => l.startsWith('{"url"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once("exit", (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { child, url, commits: () => commits };
}

function post(agent: http.Agent, url: URL, d: { body: Buffer; headers: Record<string, string> }) {
  return new Promise<number>((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: "POST",
        path: "/api/v1/webhooks/github",
        headers: d.headers,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(d.body);
  });
}

async function main() {
  const all = deliveries();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-load-"));
  const { child, url, commits } = await startServer(dataDir);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const warm = Math.min(300, Math.floor(total / 10));
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  let started = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= all.length) return;
      if (i === warm) started = performance.now();
      const t0 = performance.now();
      const status = await post(agent, target, all[i]!);
      if (status !== 202) failed += 1;
      if (i >= warm) latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]!;
  const result: Record<string, unknown> = {
    root,
    deliveries: total,
    connections,
    failed,
    perSecond: Math.round(latencies.length / seconds),
    p50: +pct(0.5).toFixed(1),
    p99: +pct(0.99).toFixed(1),
    max: +pct(1).toFixed(1),
  };
  const counted = commits();
  if (counted) {
    result.commits = counted;
    result.commitsPerDelivery = +((counted.commits + counted.autocommits) / total).toFixed(3);
  }
  console.log(JSON.stringify(result));
  fs.rmSync(dataDir, { recursive: true, force: true });
}

await main();

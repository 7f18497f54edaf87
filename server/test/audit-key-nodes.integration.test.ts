/**
 * The audit key and checkpoints of several nodes on one PostgreSQL chain,
 * through real processes and real servers: a node without RUNWATCH_AUDIT_KEY,
 * or with a key the chain's newest entry does not verify under, refuses to
 * start (exit 1, saying why); the CLI's writing commands refuse likewise; and
 * two nodes sharing one checkpoint file checkpoint at once without a false
 * alarm, each verifying against the other's checkpoint (API, evidence page, CLI).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditVerification } from "../../lib/auth";
import type { Evidence } from "../../lib/evidence";
import { runCli } from "../../scripts/cli/main";
import { AUDIT_KEY_FILE } from "../runtime/audit-key";
import { sparePort } from "./engines/postgres";
import { STORE_ENGINES, type TestDatabase } from "./engines/stores";
import { adminHeaders, startTestServer, type TestServer } from "./helpers";

const ROOT = path.resolve(import.meta.dirname, "../..");
const postgres = STORE_ENGINES.find((engine) => engine.name === "postgres")!;
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-audit-nodes-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts `server/main.ts` as production does; resolves with its exit code and output once it exits. */
async function startNode(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server/main.ts")], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // A node that started (the test failed) is stopped rather than left running.
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearTimeout(timer);
  return { code, output };
}

async function cli(args: string[], env: Record<string, string>) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    env,
    out: async (chunk) => void (stdout += chunk),
    err: async (chunk) => void (stderr += chunk),
  });
  return { code, stdout, stderr };
}

describe("a node on PostgreSQL without RUNWATCH_AUDIT_KEY", () => {
  it("exits 1 saying every node must share the key and where a moved install finds it", async () => {
    const dataDir = tempDir();
    // Not reached: the key is asked for before the database.
    const url = `postgres://runwatch@127.0.0.1:${await sparePort()}/runwatch`;
    const { code, output } = await startNode({ RUNWATCH_DATA_DIR: dataDir, DATABASE_URL: url });
    expect(code).toBe(1);
    expect(output).toContain(
      "runwatch: failed to start: RUNWATCH_AUDIT_KEY is required with DATABASE_URL: every node on one " +
        "PostgreSQL database appends to one audit chain and must share its key",
    );
    expect(output).toContain(
      `Moved from SQLite without RUNWATCH_AUDIT_KEY: the key is the content of ${dataDir}/${AUDIT_KEY_FILE} ` +
        "on the old install; set RUNWATCH_AUDIT_KEY=hex:<that content> on every node.",
    );
    // No key of its own was generated.
    expect(fs.existsSync(path.join(dataDir, AUDIT_KEY_FILE))).toBe(false);
  });
});

describe.skipIf(postgres.skip !== null)("two nodes on one audit chain in PostgreSQL", () => {
  let database: TestDatabase;
  let checkpointFile: string;
  let env: Record<string, string>;
  let a: TestServer | null = null;
  let b: TestServer | null = null;
  const logged: { msg?: string }[] = [];
  const logStream = { write: (line: string) => void logged.push(JSON.parse(line) as { msg?: string }) };

  beforeAll(async () => {
    database = await postgres.create();
    // One checkpoint file for both nodes (shared storage in production).
    checkpointFile = path.join(tempDir(), "audit-checkpoints.jsonl");
    env = { ...database.env, RUNWATCH_AUDIT_CHECKPOINT_FILE: checkpointFile, RUNWATCH_LOG_LEVEL: "warn" };
    [a, b] = await Promise.all([startTestServer({ env, logStream }), startTestServer({ env, logStream })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.remove();
  });

  const seqs = () =>
    fs
      .readFileSync(checkpointFile, "utf8")
      .trimEnd()
      .split("\n")
      .map((line) => (JSON.parse(line) as { seq: number }).seq);

  it("verify on one node against the checkpoint the other node wrote", async () => {
    // Both start-up checkpoints, taken at once in the background.
    for (let i = 0; i < 250 && (!fs.existsSync(checkpointFile) || seqs().length < 2); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(seqs()).toHaveLength(2);
    for (const [server, name] of [
      [a!, "one"],
      [b!, "two"],
      [a!, "three"],
    ] as const) {
      const created = await fetch(`${server.url}/api/v1/keys`, {
        method: "POST",
        headers: { ...adminHeaders, "content-type": "application/json" },
        body: JSON.stringify({ name, scopes: ["read"] }),
      });
      expect(created.status).toBe(201);
    }
    const head = (await b!.store.auditHead()).seq;
    // A's shutdown checkpoint records the head; B has written none since its start.
    await a!.close();
    a = null;
    expect(seqs().at(-1)).toBe(head);
    expect(Math.max(...seqs().slice(0, 2))).toBeLessThan(head);

    const response = await fetch(`${b!.url}/api/v1/audit/verify`, { headers: adminHeaders });
    const verification = (await response.json()) as AuditVerification;
    expect(verification).toMatchObject({ ok: true, count: head, checkpoint: { seq: head } });

    const evidence = (await (
      await fetch(`${b!.url}/api/v1/evidence`, { headers: adminHeaders })
    ).json()) as Evidence;
    const chain = evidence.sections.flatMap((s) => s.controls).find((c) => c.id === "integrity.audit-chain");
    expect(chain).toMatchObject({ status: "pass", figures: { intact: true, checkpointSeq: head } });

    const run = await cli(["audit", "verify"], { RUNWATCH_DATA_DIR: b!.dataDir, ...env });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain(`(seq ${head})\n`);
    expect(run.stdout).toContain(`OK: ${head} audit entries, chain intact`);
  });

  it("refuse a node and a writing CLI command whose key the newest entry does not verify under", async () => {
    const wrong = { ...env, RUNWATCH_AUDIT_KEY: "not-the-key-the-other-nodes-share-0123456789" };
    const head = (await b!.store.auditHead()).seq;
    const expected =
      `RUNWATCH_AUDIT_KEY does not verify the audit chain's newest entry (seq ${head}): this node's key ` +
      "is not the one the other nodes chain with";
    const { code, output } = await startNode({ ...wrong, RUNWATCH_DATA_DIR: tempDir() });
    expect(code).toBe(1);
    expect(output).toContain(`runwatch: failed to start: ${expected}`);

    const refused = await cli(["keys", "create", "--name", "x", "--scope", "read"], {
      ...wrong,
      RUNWATCH_DATA_DIR: tempDir(),
    });
    expect(refused).toMatchObject({ code: 1, stdout: "" });
    expect(refused.stderr).toContain(`runwatch: ${expected}`);
    // Nothing was appended; with the shared key the same command is accepted.
    expect((await b!.store.auditHead()).seq).toBe(head);
    const accepted = await cli(["keys", "create", "--name", "x", "--scope", "read"], {
      ...env,
      RUNWATCH_DATA_DIR: tempDir(),
    });
    expect(accepted).toMatchObject({ code: 0, stderr: "" });
    expect(await b!.store.verifyAudit()).toMatchObject({ ok: true, count: head + 1 });
  });

  it("logged no refused or failed checkpoint", async () => {
    await b!.close();
    b = null;
    expect(seqs()).toHaveLength(4);
    expect(logged.map((line) => line.msg).filter((msg) => msg?.includes("checkpoint"))).toEqual([]);
  });
});

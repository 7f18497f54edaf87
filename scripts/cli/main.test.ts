/**
 * The CLI commands in-process (same code as the child process, without the
 * spawn cost): output formats, usage errors, audit records.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ApiKey, AuditEntry } from "../../lib/auth";
import { manualClock } from "../../server/domain/clock";
import { describeEachEngine, type TestDatabase } from "../../server/test/engines/stores";
import { runCli } from "./main";

let database: TestDatabase;
let dataDir: string;
const clock = manualClock(Date.parse("2026-02-03T04:05:06Z"));

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    env: {
      RUNWATCH_DATA_DIR: dataDir,
      ...database.env,
      ...env,
    },
    clock,
    out: async (chunk) => {
      stdout += chunk;
    },
    err: async (chunk) => {
      stderr += chunk;
    },
  });
  return { code, stdout, stderr };
}

async function createKey(name: string, ...scopes: string[]): Promise<{ key: ApiKey; secret: string }> {
  const run = await cli([
    "keys",
    "create",
    "--name",
    name,
    ...scopes.flatMap((s) => ["--scope", s]),
    "--json",
  ]);
  expect(run).toMatchObject({ code: 0, stderr: "" });
  return JSON.parse(run.stdout) as { key: ApiKey; secret: string };
}

async function auditLog(): Promise<AuditEntry[]> {
  const run = await cli(["audit", "export"]);
  return run.stdout
    .trimEnd()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditEntry);
}

describeEachEngine("the CLI", (engine) => {
  beforeEach(async () => {
    database = await engine.create();
    dataDir = database.dataDir;
  });
  afterEach(async () => {
    await database.remove();
  });

  describe("runwatch keys", () => {
    it("takes several scopes, as repeated flags or a comma list", async () => {
      expect((await createKey("a", "admin", "ingest")).key.scopes).toEqual(["ingest", "admin"]);
      expect((await createKey("b", "read,ingest")).key.scopes).toEqual(["ingest", "read"]);
    });

    it("lists keys with times in UTC and a hint when there are none", async () => {
      expect((await cli(["keys", "list"])).stdout).toContain("No keys yet");
      const { key } = await createKey("ci-bot", "read");
      const table = (await cli(["keys", "list"])).stdout.split("\n");
      expect(table[1]).toMatch(
        new RegExp(`^${key.id}\\s+rw_\\S{6}\\s+ci-bot\\s+read\\s+-\\s+cli\\s+2026-02-03 04:05Z\\s+-\\s+-$`),
      );
      expect(JSON.parse((await cli(["keys", "list", "--json"])).stdout)).toEqual([key]);
    });

    it("scopes a key to existing teams with --team, refusing an unknown one", async () => {
      expect(
        await cli(["keys", "create", "--name", "p", "--scope", "read", "--team", "payments"]),
      ).toMatchObject({
        code: 2,
        stderr: expect.stringContaining('--team: no team named "payments"'),
      });
      const store = await database.open();
      await store.createTeam(
        { name: "payments", repos: ["acme/payments-*"], sources: [], pools: [], groups: [] },
        clock.now(),
      );
      await store.close();
      const run = await cli([
        "keys",
        "create",
        "--name",
        "p",
        "--scope",
        "read",
        "--team",
        "payments",
        "--json",
      ]);
      const { key } = JSON.parse(run.stdout) as { key: ApiKey };
      expect(key.teams).toEqual(["payments"]);
      expect((await auditLog()).at(-1)?.details).toEqual({
        name: "p",
        scopes: ["read"],
        teams: ["payments"],
      });
    });

    it("records creation, revocation and exports in the audit log as the cli", async () => {
      const { key } = await createKey("temp", "read");
      expect(await cli(["keys", "revoke", key.id])).toMatchObject({
        code: 0,
        stdout: expect.stringContaining("Revoked"),
      });
      expect(await cli(["keys", "revoke", "000000000000"])).toMatchObject({
        code: 1,
        stderr: expect.stringContaining("No key with id 000000000000"),
      });
      await cli(["audit", "export", "--format", "csv"]);
      expect((await auditLog()).map((e) => [e.actor, e.action, e.target])).toEqual([
        ["cli", "key.created", key.id],
        ["cli", "key.revoked", key.id],
        ["cli", "audit.exported", null],
      ]);
    });

    it.each([
      [[], "Usage"],
      [["frobnicate"], 'unknown command "frobnicate"'],
      [["keys"], "keys needs a command"],
      [["keys", "create", "--scope", "read"], "--name"],
      [["keys", "create", "--name", "x"], "--scope"],
      [["keys", "create", "--name", "x", "--scope", "root"], 'unknown scope "root"'],
      [["keys", "list", "--colour"], "--colour"],
      [["keys", "revoke"], "exactly one key id"],
      [["audit", "export", "--format", "xml"], "--format must be one of jsonl, csv"],
      [["audit", "shred"], 'unknown command "audit shred"'],
    ])("refuses %j with exit code 2", async (args, message) => {
      expect(await cli(args)).toMatchObject({ code: 2, stderr: expect.stringContaining(message) });
    });

    it("reports bad settings before touching the database", async () => {
      // Empty on SQLite; on PostgreSQL the key file the test database's RUNWATCH_AUDIT_KEY comes from.
      const before = fs.readdirSync(dataDir);
      expect(await cli(["keys", "list"], { RUNWATCH_LOG_LEVEL: "loud" })).toMatchObject({
        code: 2,
        stderr: expect.stringContaining("RUNWATCH_LOG_LEVEL"),
      });
      expect(fs.readdirSync(dataDir)).toEqual(before);
    });

    it("prints help on request", async () => {
      expect(await cli(["--help"])).toMatchObject({
        code: 0,
        stdout: expect.stringContaining("audit verify"),
      });
    });
  });

  describe("runwatch audit", () => {
    it("verifies an empty log", async () => {
      expect(await cli(["audit", "verify"])).toMatchObject({
        code: 0,
        stdout:
          "OK: 0 audit entries, chain intact\n" +
          "No checkpoint yet: truncation of the newest entries cannot be ruled out\n",
      });
      expect(JSON.parse((await cli(["audit", "verify", "--json"])).stdout)).toEqual({
        ok: true,
        count: 0,
        head: null,
        checkpoint: null,
      });
    });

    it("exports CSV with a header, to stdout or a file", async () => {
      await createKey("a", "read");
      const csv = await cli(["audit", "export", "--format", "csv"]);
      const rows = csv.stdout.trimEnd().split("\r\n");
      expect(rows[0]).toBe("seq,at,actor,action,target,ip,details,prev_hash,hash");
      expect(rows[1]).toMatch(/^1,2026-02-03T04:05:06.000Z,cli,key.created,/);

      const out = path.join(dataDir, "audit.csv");
      expect(await cli(["audit", "export", "--format", "csv", "--out", out])).toMatchObject({
        code: 0,
        stdout: "",
        stderr: `Exported 2 audit entries to ${out}\n`,
      });
      expect(fs.readFileSync(out, "utf8").split("\r\n")).toHaveLength(4);
    });
  });
});

/**
 * The anchored audit chain through the running server: a checkpoint at
 * start and at shutdown in a file outside the data folder, and
 * `GET /api/v1/audit/verify` reporting the newest rows deleted directly in
 * the database while the server was down, after a restart.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { AuditVerification } from "../../lib/auth";
import { AUDIT_KEY_FILE } from "../runtime/audit-key";
import { SQLITE_FILE } from "../store/sqlite";
import { adminHeaders, startTestServer, type TestServer } from "./helpers";

const dirs: string[] = [];
let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-anchor-"));
  dirs.push(dir);
  return dir;
};

async function verify(s: TestServer): Promise<AuditVerification> {
  const response = await fetch(`${s.url}/api/v1/audit/verify`, { headers: adminHeaders });
  expect(response.status).toBe(200);
  return (await response.json()) as AuditVerification;
}

const lines = (file: string) =>
  fs
    .readFileSync(file, "utf8")
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as { seq: number });

describe("audit checkpoints in the running server", () => {
  it("checkpoints at start and shutdown, and verify reports rows deleted while it was down", async () => {
    const dataDir = tempDir();
    const checkpointFile = path.join(tempDir(), "checkpoints.jsonl");
    const env = { RUNWATCH_AUDIT_CHECKPOINT_FILE: checkpointFile, RUNWATCH_AUDIT_KEY: "a".repeat(48) };
    server = await startTestServer({ dataDir, env });
    for (const name of ["one", "two", "three"]) {
      const created = await fetch(`${server.url}/api/v1/keys`, {
        method: "POST",
        headers: { ...adminHeaders, "content-type": "application/json" },
        body: JSON.stringify({ name, scopes: ["read"] }),
      });
      expect(created.status).toBe(201);
    }
    // The start-up checkpoint (taken in the background, before or after the admin key's entry).
    for (let i = 0; i < 100 && !fs.existsSync(checkpointFile); i++)
      await new Promise((r) => setTimeout(r, 20));
    const [atStart] = lines(checkpointFile);
    const before = await verify(server);
    expect(before).toMatchObject({ ok: true, checkpoint: { seq: atStart!.seq } });
    const head = before.ok ? before.head!.seq : 0;
    expect(head).toBeGreaterThanOrEqual(3);
    await server.close();
    server = null;
    // The key came from the setting: nothing was generated into the data folder.
    expect(fs.existsSync(path.join(dataDir, AUDIT_KEY_FILE))).toBe(false);
    expect(lines(checkpointFile).map((l) => l.seq)).toEqual([atStart!.seq, head]);

    const file = new SqliteDatabase(path.join(dataDir, SQLITE_FILE));
    file.exec(`DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq > ${head - 2}`);
    file.close();

    server = await startTestServer({ dataDir, env });
    expect(await verify(server)).toMatchObject({
      ok: false,
      brokenAt: head - 1,
      problem: "truncated",
      reason: expect.stringMatching(/2 newest entries were removed$/),
    });
    // The restart did not anchor the shorter chain.
    expect(lines(checkpointFile).map((l) => l.seq)).toEqual([atStart!.seq, head]);
  });
});

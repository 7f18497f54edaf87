/**
 * The audit log over real HTTP: security events are recorded, listed with
 * filters, exported, and verified — and a row edited behind the server's back
 * (directly in the SQLite file) is reported as the first broken link.
 */
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry, AuditListResponse, AuditVerification } from "../../lib/auth";
import { SQLITE_FILE } from "../store/sqlite";
import { adminHeaders, fixture, postGithub, startTestServer, type TestServer } from "./helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const api = async <T>(url: string) => {
  const response = await fetch(`${server.url}${url}`, { headers: adminHeaders });
  expect(response.status, url).toBe(200);
  return (await response.json()) as T;
};

describe("audit log", () => {
  it("records sign-ins, key changes and signature failures, and lists them with filters", async () => {
    const signIn = (key: string) =>
      fetch(`${server.url}/api/v1/auth/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ key }),
      });
    expect((await signIn("rw_guess")).status).toBe(401);
    const created = await fetch(`${server.url}/api/v1/keys`, {
      method: "POST",
      headers: { ...adminHeaders, "content-type": "application/json" },
      body: JSON.stringify({ name: "audited", scopes: ["read"] }),
    });
    const { key, secret } = (await created.json()) as { key: { id: string }; secret: string };
    expect((await signIn(secret)).status).toBe(200);
    await fetch(`${server.url}/api/v1/keys/${key.id}`, { method: "DELETE", headers: adminHeaders });
    const bad = await postGithub(server.url, fixture("github/workflow_job.queued.1.json"), {
      signature: "sha256=" + "0".repeat(64),
      delivery: "forged-1",
    });
    expect(bad.status).toBe(401);

    const all = await api<AuditListResponse>("/api/v1/audit?limit=100");
    const actions = all.items.map((e) => e.action);
    for (const action of [
      "key.created",
      "auth.signin.failure",
      "auth.signin.success",
      "key.first_use",
      "key.revoked",
      "webhook.signature_failed",
    ]) {
      expect(actions, action).toContain(action);
    }
    const forged = all.items.find((e) => e.action === "webhook.signature_failed");
    expect(forged).toMatchObject({ target: "github", ip: "127.0.0.1", details: { delivery: "forged-1" } });
    // Secrets never reach the log.
    expect(JSON.stringify(all)).not.toContain(secret);

    const auth = await api<AuditListResponse>("/api/v1/audit?action=auth.*");
    expect(auth.items.length).toBeGreaterThanOrEqual(2);
    expect(auth.items.filter((e) => !e.action.startsWith("auth."))).toEqual([]);
    const paged = await api<AuditListResponse>("/api/v1/audit?limit=2");
    expect(paged.items).toHaveLength(2);
    expect(paged.nextCursor).not.toBeNull();
    const next = await api<AuditListResponse>(`/api/v1/audit?limit=2&cursor=${paged.nextCursor}`);
    expect(next.items[0]!.seq).toBeLessThan(paged.items[1]!.seq);
  });

  it("exports JSON Lines that chain, and CSV", async () => {
    const jsonl = await fetch(`${server.url}/api/v1/audit/export?format=jsonl`, { headers: adminHeaders });
    expect(jsonl.headers.get("content-disposition")).toMatch(
      /attachment; filename="runwatch-audit-.*\.jsonl"/,
    );
    const entries = (await jsonl.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as AuditEntry);
    expect(entries.length).toBeGreaterThan(5);
    entries.forEach((entry, i) => {
      expect(entry.seq).toBe(i + 1);
      if (i > 0) expect(entry.prevHash).toBe(entries[i - 1]!.hash);
    });
    const csv = await fetch(`${server.url}/api/v1/audit/export?format=csv&action=key.*`, {
      headers: adminHeaders,
    });
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("seq,at,actor,action,target,ip,details,prev_hash,hash");
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).filter((line) => !/,key\./.test(line))).toEqual([]);
  });

  it("verifies the chain, and finds a row edited directly in the database", async () => {
    const intact = await api<AuditVerification>("/api/v1/audit/verify");
    expect(intact.ok).toBe(true);

    const file = new SqliteDatabase(path.join(server.dataDir, SQLITE_FILE));
    try {
      file.exec("DROP TRIGGER IF EXISTS audit_log_no_update");
      file.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3").run();
    } finally {
      file.close();
    }
    const broken = await api<AuditVerification>("/api/v1/audit/verify");
    expect(broken).toMatchObject({ ok: false, brokenAt: 3 });
  });
});

/**
 * Checkpoints of one chain taken by several nodes into one shared file
 * (RUNWATCH_AUDIT_CHECKPOINT_FILE on shared storage): a node checkpointing
 * between another node's reads raises no false alarm, and verify anchors on
 * the newest checkpoint whichever node wrote it, in whatever order the lines
 * landed. Real SQLite store, real file; the "other node" is a second
 * checkpointer over the same store and file.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "../domain/clock";
import { parseOutboundAllow } from "../outbound/address-policy";
import { loadAuditKey } from "../runtime/audit-key";
import { openSqliteStore, SQLITE_FILE } from "../store/sqlite";
import type { AuditStore, Store } from "../store/store";
import { createAuditCheckpointer, readLatestCheckpoint, verifyAnchored } from "./audit-checkpoints";

const T0 = Date.parse("2026-03-01T12:00:00Z");
let dir: string;
let store: Store;
let key: Buffer;
let checkpointFile: string;
const errors: unknown[] = [];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-shared-checkpoints-"));
  key = loadAuditKey(dir);
  store = await openSqliteStore(dir, { auditKey: key });
  checkpointFile = path.join(dir, "shared", "audit-checkpoints.jsonl");
  errors.length = 0;
  for (let i = 0; i < 3; i++) await append(`k${i}`);
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const append = (target: string) =>
  store.appendAudit({ actor: "cli", action: "key.created", target }, T0 + 1000);

function node(auditStore: Pick<AuditStore, "auditHead" | "auditHashAt"> = store) {
  return createAuditCheckpointer({
    store: auditStore,
    key,
    settings: { checkpointFile, checkpointUrl: null, syslog: null },
    allow: parseOutboundAllow(""),
    clock: manualClock(T0 + 3_600_000),
    onError: (error, target) => errors.push([target, error]),
  });
}

const seqs = () =>
  fs
    .readFileSync(checkpointFile, "utf8")
    .trimEnd()
    .split("\n")
    .map((line) => (JSON.parse(line) as { seq: number }).seq);

describe("audit checkpoints shared by several nodes", () => {
  it("takes a checkpoint while another node appends and checkpoints between its reads", async () => {
    const b = node();
    // Node A reads the head (seq 3); node B then appends seq 4 and checkpoints it, before A goes on.
    const a = node({
      auditHead: async () => {
        const head = await store.auditHead();
        await append("from-b");
        await b.checkpoint();
        return head;
      },
      auditHashAt: (seq) => store.auditHashAt(seq),
    });
    await expect(a.checkpoint()).resolves.toMatchObject({ seq: 3 });
    expect(errors).toEqual([]);
    // The lines landed newest first; verify anchors on B's newer one all the same.
    expect(seqs()).toEqual([4, 3]);
    expect(await verifyAnchored(store, key, checkpointFile)).toMatchObject({
      ok: true,
      count: 4,
      checkpoint: { seq: 4 },
    });
    // And the next checkpoint of either node extends it.
    await expect(node().checkpoint()).resolves.toMatchObject({ seq: 4 });
    expect(seqs()).toEqual([4, 3, 4]);
  });

  it("raises no false alarm when two nodes checkpoint at once, again and again, while entries are added", async () => {
    const [a, b] = [node(), node()];
    for (let round = 0; round < 10; round++) {
      await Promise.all([a.checkpoint(), b.checkpoint(), append(`r${round}`), a.checkpoint()]);
    }
    expect(errors).toEqual([]);
    expect(seqs()).toHaveLength(30);
    const latest = await readLatestCheckpoint(checkpointFile, key);
    expect(latest).toMatchObject({ ok: true, checkpoint: { seq: Math.max(...seqs()) } });
    expect(await verifyAnchored(store, key, checkpointFile)).toMatchObject({ ok: true, count: 13 });
  });

  it("still reports a truncation below the newest checkpoint, whichever line came last", async () => {
    await node().checkpoint(); // seq 3
    await append("k3");
    const newer = fs.readFileSync(checkpointFile, "utf8");
    await node().checkpoint(); // seq 4
    // The older line again at the end, as a slower node would leave it.
    fs.appendFileSync(checkpointFile, newer);
    expect(seqs()).toEqual([3, 4, 3]);
    await store.close();
    const file = new SqliteDatabase(path.join(dir, SQLITE_FILE));
    file.exec("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 4");
    file.close();
    store = await openSqliteStore(dir, { auditKey: key });
    expect(await verifyAnchored(store, key, checkpointFile)).toMatchObject({
      ok: false,
      brokenAt: 4,
      problem: "truncated",
    });
  });
});

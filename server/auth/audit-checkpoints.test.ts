/**
 * Checkpoints reaching their targets for real: the file on disk, a local
 * HTTP receiver (let through the outbound policy by RUNWATCH_OUTBOUND_ALLOW),
 * a local UDP syslog socket; and `verify` reading the file back.
 */
import { createHmac } from "node:crypto";
import dgram from "node:dgram";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "../domain/clock";
import { parseOutboundAllow } from "../outbound/address-policy";
import { loadAuditKey } from "../runtime/audit-key";
import { openSqliteStore, SQLITE_FILE } from "../store/sqlite";
import type { Store } from "../store/store";
import { CHECKPOINT_SIGNATURE_HEADER, createAuditCheckpointer, verifyAnchored } from "./audit-checkpoints";

const T0 = Date.parse("2026-03-01T12:00:00Z");
let dir: string;
let store: Store;
let key: Buffer;
let checkpointFile: string;
const errors: unknown[] = [];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-checkpoints-"));
  key = loadAuditKey(dir);
  store = await openSqliteStore(dir, { auditKey: key });
  checkpointFile = path.join(dir, "elsewhere", "audit-checkpoints.jsonl");
  errors.length = 0;
  for (let i = 0; i < 5; i++) {
    await store.appendAudit({ actor: "cli", action: "key.created", target: `k${i}` }, T0 + i);
  }
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sign = (body: string) => `sha256=${createHmac("sha256", key).update(body).digest("hex")}`;

function checkpointer(extra: { checkpointUrl?: string; syslog?: { host: string; port: number } } = {}) {
  return createAuditCheckpointer({
    store,
    key,
    settings: { checkpointFile, checkpointUrl: extra.checkpointUrl ?? null, syslog: extra.syslog ?? null },
    allow: parseOutboundAllow("127.0.0.1"),
    clock: manualClock(T0 + 3_600_000),
    onError: (error) => errors.push(error),
  });
}

describe("audit checkpoints", () => {
  it("appends one signed line per checkpoint to the file, mode 0600", async () => {
    const taken = await checkpointer().checkpoint();
    const head = await store.auditHead();
    expect(taken).toEqual({ ...head, count: 5, at: "2026-03-01T13:00:00.000Z" });
    await checkpointer().stop();
    const lines = fs.readFileSync(checkpointFile, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ v: 1, seq: 5, count: 5, hash: head.hash, keyedFrom: 1 });
    expect(line.sig).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(checkpointFile).mode & 0o777).toBe(0o600);
    expect(errors).toEqual([]);
  });

  it("lets verify find the newest rows deleted in the database", async () => {
    await checkpointer().checkpoint();
    expect(await verifyAnchored(store, key, checkpointFile)).toMatchObject({
      ok: true,
      count: 5,
      checkpoint: { seq: 5, at: "2026-03-01T13:00:00.000Z" },
    });
    const file = new SqliteDatabase(path.join(dir, SQLITE_FILE));
    file.exec("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 4");
    file.close();
    expect(await verifyAnchored(store, key, checkpointFile)).toMatchObject({
      ok: false,
      brokenAt: 4,
      problem: "truncated",
      reason: expect.stringContaining("2 newest entries were removed"),
    });
  });

  it("does not anchor a truncated chain: the next checkpoint is refused and verify still reports it", async () => {
    await checkpointer().checkpoint();
    const file = new SqliteDatabase(path.join(dir, SQLITE_FILE));
    file.exec("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 5");
    file.close();
    await expect(checkpointer().checkpoint()).rejects.toThrow(
      "audit chain not checkpointed: the chain ends at seq 4, the checkpoint of 2026-03-01T13:00:00.000Z recorded head seq 5",
    );
    // A new entry does not help either: seq 5 now has another hash.
    await store.appendAudit({ actor: "cli", action: "key.created", target: "replacement" }, T0 + 9);
    await expect(checkpointer().checkpoint()).rejects.toThrow("the hash of seq 5 differs");
    expect(fs.readFileSync(checkpointFile, "utf8").trimEnd().split("\n")).toHaveLength(1);
    expect(await verifyAnchored(store, key, checkpointFile)).toMatchObject({
      ok: false,
      problem: "rewritten",
    });
  });

  it("refuses a checkpoint line that was forged or altered", async () => {
    await checkpointer().checkpoint();
    const [line] = fs.readFileSync(checkpointFile, "utf8").trimEnd().split("\n");
    const forged = JSON.parse(line!) as { seq: number };
    forged.seq = 3;
    fs.appendFileSync(checkpointFile, `${JSON.stringify(forged)}\n`);
    expect(await verifyAnchored(store, key, checkpointFile)).toEqual({
      ok: false,
      count: 5,
      brokenAt: 0,
      problem: "checkpoint",
      reason: `${checkpointFile}: the latest checkpoint's signature does not match under the audit key: it was forged or altered`,
    });
  });

  it("posts the checkpoint to the webhook with a valid HMAC signature", async () => {
    const received: { body: string; signature: string | undefined; type: string | undefined }[] = [];
    const receiver = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      request.on("end", () => {
        received.push({
          body,
          signature: request.headers[CHECKPOINT_SIGNATURE_HEADER] as string | undefined,
          type: request.headers["content-type"],
        });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = receiver.address() as AddressInfo;
      await checkpointer({ checkpointUrl: `http://127.0.0.1:${port}/anchor` }).checkpoint();
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
    expect(errors).toEqual([]);
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery!.type).toBe("application/json");
    expect(delivery!.signature).toBe(sign(delivery!.body));
    expect(JSON.parse(delivery!.body)).toMatchObject({ v: 1, seq: 5, at: "2026-03-01T13:00:00.000Z" });
    expect(`${delivery!.body}\n`).toBe(fs.readFileSync(checkpointFile, "utf8"));
  });

  it("reports a webhook refused by the outbound policy and still writes the file", async () => {
    await createAuditCheckpointer({
      store,
      key,
      settings: { checkpointFile, checkpointUrl: "http://127.0.0.1:9/anchor", syslog: null },
      allow: parseOutboundAllow(""),
      clock: manualClock(T0),
      onError: (error, target) => errors.push([target, (error as Error).name]),
    }).checkpoint();
    expect(errors).toEqual([["webhook", "OutboundError"]]);
    expect(fs.readFileSync(checkpointFile, "utf8").split("\n")).toHaveLength(2);
  });

  it("sends an RFC 5424 line to a syslog receiver over UDP", async () => {
    const socket = dgram.createSocket("udp4");
    const message = new Promise<string>((resolve) =>
      socket.once("message", (m) => resolve(m.toString("utf8"))),
    );
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    try {
      const { port } = socket.address();
      await checkpointer({ syslog: { host: "127.0.0.1", port } }).checkpoint();
      const line = await message;
      const signed = fs.readFileSync(checkpointFile, "utf8").trimEnd();
      expect(line).toBe(
        `<110>1 2026-03-01T13:00:00.000Z ${os.hostname()} runwatch ${process.pid} audit-checkpoint - ${signed}`,
      );
    } finally {
      socket.close();
    }
    expect(errors).toEqual([]);
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AUDIT_KEY_FILE, loadAuditKey } from "./audit-key";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-audit-key-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the audit key", () => {
  it("is generated at first start into the data folder with mode 0600, then reused", () => {
    const data = path.join(dir, "data");
    const first = loadAuditKey(data);
    const file = path.join(data, AUDIT_KEY_FILE);
    expect(first.length).toBe(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8")).toBe(`${first.toString("hex")}\n`);
    expect(loadAuditKey(data).equals(first)).toBe(true);
  });

  it("is RUNWATCH_AUDIT_KEY when set, and then no file is written", () => {
    const key = loadAuditKey(dir, "k".repeat(40));
    expect(key.toString("utf8")).toBe("k".repeat(40));
    expect(fs.existsSync(path.join(dir, AUDIT_KEY_FILE))).toBe(false);
  });

  it("is a key file's bytes when RUNWATCH_AUDIT_KEY is hex:<its content>, so a moved install keeps its key", () => {
    const fromFile = loadAuditKey(path.join(dir, "old"));
    const text = fs.readFileSync(path.join(dir, "old", AUDIT_KEY_FILE), "utf8").trim();
    expect(loadAuditKey(path.join(dir, "new"), `hex:${text}`).equals(fromFile)).toBe(true);
    expect(fs.existsSync(path.join(dir, "new", AUDIT_KEY_FILE))).toBe(false);
    expect(() => loadAuditKey(dir, `hex:${text.slice(2)}`)).toThrow(
      'RUNWATCH_AUDIT_KEY: after "hex:" come 64 hex digits',
    );
  });

  it("refuses a key file that does not hold a key", () => {
    fs.writeFileSync(path.join(dir, AUDIT_KEY_FILE), "not a key\n");
    expect(() => loadAuditKey(dir)).toThrow(/does not hold an audit key/);
  });
});

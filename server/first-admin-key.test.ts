import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIRST_ADMIN_KEY_FILE, firstAdminKeyBanner, keepFirstAdminKey } from "./first-admin-key";

const SECRET = "rw_abcdefghijklmnopqrstuvwxyz0123456789ABCD";

describe("the first admin key", () => {
  it("is framed: every line of the box has the same width and the key stands on its own line", () => {
    const banner = firstAdminKeyBanner(SECRET, "/var/lib/runwatch/first-admin-key");
    const box = banner.split("\n").filter((line) => line.startsWith("|") || line.startsWith("+"));
    expect(box.length).toBe(9);
    expect(new Set(box.map((line) => line.length)).size).toBe(1);
    expect(box[0]).toMatch(/^\+-+\+$/);
    expect(box.at(-1)).toBe(box[0]);
    expect(box).toContain(`|   ${SECRET}${" ".repeat(box[0]!.length - SECRET.length - 6)} |`);
    expect(banner).toContain("/var/lib/runwatch/first-admin-key");
    expect(banner).toContain("npm run runwatch -- keys create --name <name> --scope admin");
  });

  it("is kept in the data folder, readable by its owner only", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "runwatch-key-"));
    const banner = keepFirstAdminKey(SECRET, dir);
    const file = path.join(dir, FIRST_ADMIN_KEY_FILE);
    expect(readFileSync(file, "utf8")).toBe(`${SECRET}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(banner).toContain(file);
  });
});

/**
 * The signed evidence bundle over real HTTP: it unpacks with tar, verifies
 * offline with openssl and sha256sum and with `runwatch evidence verify`;
 * a one-byte change in any file fails naming that file; an empty period is
 * a valid bundle; secrets are nowhere in it; only admins and auditors get it.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../lib/auth";
import { BUNDLE_FILES, type BundleManifest } from "../../lib/evidence-bundle";
import { runCli } from "../../scripts/cli/main";
import { manualClock } from "../domain/clock";
import { verifyBundle } from "../evidence/bundle-verify";
import { readTar, tarEnd, tarHeader, tarPadding, type TarFile } from "../runtime/tar";
import {
  ADMIN_TOKEN,
  adminHeaders,
  fixture,
  GITHUB_SECRET,
  postGithub,
  SOURCE_SECRETS,
  startTestServer,
  type TestServer,
} from "./helpers";

const run = promisify(execFile);
const SECRETS = {
  RUNWATCH_AUDIT_KEY: "audit-key-for-the-bundle-test-0123456789abcdef",
  RUNWATCH_SMTP_HOST: "smtp.example.com",
  RUNWATCH_SMTP_USER: "mailer",
  RUNWATCH_SMTP_PASSWORD: "smtp-password-never-exported-42",
  RUNWATCH_SMTP_FROM: "runwatch@example.com",
  RUNWATCH_GITHUB_READ_TOKEN: "ghp_readtokenneverexported0123456789",
};
const clock = manualClock(Date.now());
let server: TestServer;
let work: string;
beforeAll(async () => {
  server = await startTestServer({ clock, env: SECRETS });
  work = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-bundle-"));
});
afterAll(async () => {
  await server.close();
  fs.rmSync(work, { recursive: true, force: true });
});

async function createKey(scopes: string[]): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/keys`, {
    method: "POST",
    headers: { ...adminHeaders, "content-type": "application/json" },
    body: JSON.stringify({ name: `bundle-${scopes.join("-")}`, scopes }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { secret: string }).secret;
}

async function download(query: string, headers: Record<string, string> = adminHeaders): Promise<Buffer> {
  const response = await fetch(`${server.url}/api/v1/evidence/export${query}`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/gzip");
  expect(response.headers.get("content-disposition")).toMatch(
    /^attachment; filename="runwatch-evidence-.+\.tar\.gz"$/,
  );
  return Buffer.from(await response.arrayBuffer());
}

function filesOf(archive: Buffer): Map<string, Buffer> {
  return new Map(readTar(gunzipSync(archive)).map((f) => [f.name, f.data]));
}

function pack(files: TarFile[]): Buffer {
  const parts = files.flatMap((f) => [
    tarHeader(f.name, f.data.length, 0),
    f.data,
    tarPadding(f.data.length),
  ]);
  return gzipSync(Buffer.concat([...parts, tarEnd()]));
}

/** Runs `runwatch evidence verify` in-process; no data folder is given (it needs none). */
async function cliVerify(file: string): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const code = await runCli(["evidence", "verify", file], {
    env: {},
    out: async (chunk) => void (stdout += chunk),
    err: async (chunk) => void (stdout += chunk),
  });
  return { code, stdout };
}

/** Unpacks with the system tar and runs the documented offline commands; resolves with their exit codes. */
async function offline(
  archive: Buffer,
  name: string,
): Promise<{ signature: number; sums: number; sumsListed: number }> {
  const dir = fs.mkdtempSync(path.join(work, `${name}-`));
  fs.writeFileSync(path.join(dir, "bundle.tar.gz"), archive);
  await run("tar", ["-xzf", "bundle.tar.gz"], { cwd: dir });
  const sh = async (script: string) =>
    run("sh", ["-c", script], { cwd: dir }).then(
      () => 0,
      (error: { code?: number }) => error.code ?? 1,
    );
  return {
    signature: await sh(
      "base64 -d manifest.sig > manifest.sig.bin && openssl pkeyutl -verify -pubin -inkey public-key.pem " +
        "-rawin -in manifest.json -sigfile manifest.sig.bin",
    ),
    sums: await sh("sha256sum -c --quiet SHA256SUMS"),
    sumsListed: await sh('grep -q "$(sha256sum SHA256SUMS | cut -c1-64)" manifest.json'),
  };
}

describe("GET /api/v1/evidence/export", () => {
  let archive: Buffer;
  beforeAll(async () => {
    expect((await postGithub(server.url, fixture("github/workflow_job.queued.1.json"))).status).toBe(202);
    await createKey(["read"]);
    clock.advance(1000);
    archive = await download("?window=24h");
  });

  it("holds every file, in order, and verifies offline with openssl, sha256sum and the CLI", async () => {
    expect(readTar(gunzipSync(archive)).map((f) => f.name)).toEqual([...BUNDLE_FILES]);
    expect(await offline(archive, "intact")).toEqual({ signature: 0, sums: 0, sumsListed: 0 });
    const file = path.join(work, "intact.tar.gz");
    fs.writeFileSync(file, archive);
    const verified = await cliVerify(file);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^OK: .*intact\.tar\.gz is intact: 9 files/);

    // The key the bundle names is the one the server shows.
    const key = (await (
      await fetch(`${server.url}/api/v1/evidence/public-key`, { headers: adminHeaders })
    ).json()) as { publicKeyPem: string; fingerprint: string };
    const files = filesOf(archive);
    expect(files.get("public-key.pem")?.toString()).toBe(key.publicKeyPem);
    const manifest = JSON.parse(files.get("manifest.json")?.toString() ?? "") as BundleManifest;
    expect(manifest.publicKeyFingerprint).toBe(key.fingerprint);
    expect(manifest.files.map((f) => f.name)).toEqual([
      "evidence.json",
      "audit.jsonl",
      "chain-proof.json",
      "keys.json",
      "settings.json",
      "public-key.pem",
      "SHA256SUMS",
    ]);
    expect(fs.statSync(path.join(server.dataDir, "evidence-signing.key")).mode & 0o777).toBe(0o600);
  });

  it("ships the period's audit log whose links re-verify from the chain proof", () => {
    const files = filesOf(archive);
    const entries = (files.get("audit.jsonl")?.toString() ?? "")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuditEntry);
    expect(entries.map((e) => e.action)).toContain("key.created");
    const proof = JSON.parse(files.get("chain-proof.json")?.toString() ?? "") as {
      entryBeforePeriod: { hash: string } | null;
      periodEntries: number;
      head: { seq: number; hash: string };
      verification: { ok: boolean };
    };
    expect(proof.periodEntries).toBe(entries.length);
    expect(proof.verification.ok).toBe(true);
    // The head was taken after the export was recorded (at the period's exclusive end): one past the period.
    expect(proof.head.seq).toBe((entries.at(-1)?.seq ?? 0) + 1);
    let prev = proof.entryBeforePeriod?.hash ?? "0".repeat(64);
    for (const entry of entries) {
      expect(entry.prevHash).toBe(prev);
      prev = entry.hash;
    }
    const keys = JSON.parse(files.get("keys.json")?.toString() ?? "") as { keys: { scopes: string[] }[] };
    expect(keys.keys.map((k) => k.scopes)).toEqual(expect.arrayContaining([["admin"], ["read"]]));
    expect(JSON.parse(files.get("evidence.json")?.toString() ?? "")).toMatchObject({ window: "24h" });
  });

  it("fails verification after a one-byte change in any file, naming that file", async () => {
    const entries = readTar(gunzipSync(archive));
    for (const [index, target] of entries.entries()) {
      const data = Buffer.from(target.data);
      const at = Math.floor(data.length / 2);
      // manifest.sig is base64 text: swap a character for another valid one.
      data[at] = target.name === "manifest.sig" ? (data[at] === 0x41 ? 0x42 : 0x41) : (data[at] ?? 0) ^ 0x01;
      const tampered = pack(entries.map((f, i) => (i === index ? { name: f.name, data } : f)));
      const verdict = verifyBundle(tampered);
      expect(verdict.ok, target.name).toBe(false);
      if (!verdict.ok)
        expect(verdict.file, target.name).toBe(
          target.name === "manifest.sig" ? "manifest.json" : target.name,
        );
      const file = path.join(work, `tampered-${index}.tar.gz`);
      fs.writeFileSync(file, tampered);
      const cli = await cliVerify(file);
      expect(cli.code, target.name).toBe(1);
      expect(cli.stdout, target.name).toContain(target.name);
      const checks = await offline(tampered, `tampered-${index}`);
      // The documented commands catch it too: the signature, or a checksum.
      expect(
        Object.values(checks).some((code) => code !== 0),
        target.name,
      ).toBe(true);
    }
  });

  it("redacts every secret: none is anywhere in the archive", () => {
    const bytes = gunzipSync(archive).toString("latin1");
    const secrets = [
      ...Object.values(SECRETS).filter((v) => v.length > 20),
      GITHUB_SECRET,
      ...Object.values(SOURCE_SECRETS),
      ADMIN_TOKEN,
    ];
    for (const secret of secrets) expect(bytes, secret).not.toContain(secret);
    const settings = JSON.parse(filesOf(archive).get("settings.json")?.toString() ?? "") as Record<
      string,
      unknown
    >;
    expect(settings).toMatchObject({
      secrets: { RUNWATCH_GITHUB_SECRET: "[redacted]" },
      adminToken: "[redacted]",
      audit: { key: "[redacted]" },
      smtp: { host: "smtp.example.com", auth: { user: "mailer", pass: "[redacted]" } },
      logSources: { github: { token: "[redacted]" } },
    });
  });

  it("is a valid, empty bundle for a period with no data", async () => {
    const empty = await download("?from=2020-01-01&to=2020-01-02");
    const files = filesOf(empty);
    expect(files.get("audit.jsonl")?.length).toBe(0);
    expect(JSON.parse(files.get("chain-proof.json")?.toString() ?? "")).toMatchObject({
      periodEntries: 0,
      periodFirst: null,
      entryBeforePeriod: null,
    });
    expect(JSON.parse(files.get("manifest.json")?.toString() ?? "")).toMatchObject({
      period: { from: "2020-01-01T00:00:00.000Z", to: "2020-01-02T00:00:00.000Z" },
    });
    expect(verifyBundle(empty)).toMatchObject({ ok: true });
    expect(await offline(empty, "empty")).toEqual({ signature: 0, sums: 0, sumsListed: 0 });
  });

  it("answers 403 to a read key, 200 to an auditor, 400 naming a bad field", async () => {
    const read = await createKey(["read"]);
    const refused = await fetch(`${server.url}/api/v1/evidence/export`, {
      headers: { authorization: `Bearer ${read}` },
    });
    expect(refused.status).toBe(403);
    const key = await fetch(`${server.url}/api/v1/evidence/public-key`, {
      headers: { authorization: `Bearer ${read}` },
    });
    expect(key.status).toBe(403);
    const auditor = await createKey(["auditor"]);
    expect(verifyBundle(await download("?window=7d", { authorization: `Bearer ${auditor}` }))).toMatchObject({
      ok: true,
    });
    for (const [query, field] of [
      ["?window=1y", "window"],
      ["?from=2020-01-02&to=2020-01-01", "from"],
      ["?window=24h&from=2020-01-01", "window"],
    ] as const) {
      const bad = await fetch(`${server.url}/api/v1/evidence/export${query}`, { headers: adminHeaders });
      expect(bad.status, query).toBe(400);
      expect(JSON.stringify(await bad.json()), query).toContain(field);
    }
  });

  it("is written by `runwatch evidence export` beside the running server, signed with the same key", async () => {
    const file = path.join(work, "cli.tar.gz");
    clock.advance(1); // the exports above were recorded at the previous instant, now inside the period
    let output = "";
    const code = await runCli(["evidence", "export", "--from", "2020-01-01", "--out", file], {
      env: { RUNWATCH_DATA_DIR: server.dataDir, RUNWATCH_AUDIT_KEY: SECRETS.RUNWATCH_AUDIT_KEY },
      clock,
      out: async (chunk) => void (output += chunk),
      err: async (chunk) => void (output += chunk),
    });
    expect(code, output).toBe(0);
    const key = (await (
      await fetch(`${server.url}/api/v1/evidence/public-key`, { headers: adminHeaders })
    ).json()) as { fingerprint: string };
    expect(output).toContain(`Signed with the key of fingerprint ${key.fingerprint}`);
    expect(verifyBundle(fs.readFileSync(file))).toMatchObject({ ok: true, fingerprint: key.fingerprint });
    const audit = filesOf(fs.readFileSync(file)).get("audit.jsonl")?.toString() ?? "";
    expect(audit).toContain('"action":"evidence.exported"');
    expect(await cliVerify(file)).toMatchObject({ code: 0 });
  });
});

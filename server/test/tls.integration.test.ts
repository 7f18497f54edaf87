/**
 * HTTPS without a proxy (`RUNWATCH_TLS_CERT`, `RUNWATCH_TLS_KEY`), over real
 * TLS with certificates the test makes: the API and secure websockets served,
 * TLS 1.1 refused, a replaced certificate served without a restart, a bad
 * replacement reported while the old one stays, and start-up refused on a
 * half-set or unusable pair.
 */
import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { io as connect } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readTlsFiles, TlsFilesError, watchTlsFiles } from "../http/tls-files";
import { loadSettings, SettingsError } from "../settings";
import { nextUpdate } from "./live-updates";
import { ADMIN_TOKEN, fixtureJson, githubSignature, startTestServer, type TestServer } from "./helpers";
import { makeCertificate, type TestCertificate } from "./tls-certs";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-tls-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Answers of a request over HTTPS trusting `ca` only. */
function httpsRequest(
  url: string,
  ca: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      { ca, method: options.method ?? "GET", headers: options.headers },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

/** The common name of the certificate a fresh handshake is served, and whether it was trusted by `ca`. */
function servedCertificate(port: number, ca: string): Promise<{ cn: string; authorized: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: "127.0.0.1", port, ca, rejectUnauthorized: false }, () => {
      const cn = socket.getPeerCertificate().subject.CN;
      resolve({ cn: Array.isArray(cn) ? cn.join() : (cn ?? ""), authorized: socket.authorized });
      socket.end();
    });
    socket.on("error", reject);
  });
}

/** Handshakes with the TLS versions given; resolves with the protocol agreed, or the error code. */
function handshake(port: number, versions: Pick<tls.ConnectionOptions, "minVersion" | "maxVersion">) {
  return new Promise<string>((resolve) => {
    const socket = tls.connect({
      host: "127.0.0.1",
      port,
      rejectUnauthorized: false,
      // OpenSSL 3 will not offer TLS 1.1 at its default security level: let the client try, so the server decides.
      ciphers: "DEFAULT@SECLEVEL=0",
      ...versions,
    });
    socket.on("secureConnect", () => {
      resolve(socket.getProtocol() ?? "none");
      socket.end();
    });
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Waits until `check` holds (polling), or fails after `timeoutMs`. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("serving HTTPS", () => {
  let first: TestCertificate;
  let second: TestCertificate;
  let served: { certFile: string; keyFile: string };
  let server: TestServer;
  let port: number;

  beforeAll(async () => {
    first = makeCertificate(dir, "first", "runwatch-first");
    second = makeCertificate(dir, "second", "runwatch-second");
    served = { certFile: path.join(dir, "served.cert.pem"), keyFile: path.join(dir, "served.key.pem") };
    fs.copyFileSync(first.certFile, served.certFile);
    fs.copyFileSync(first.keyFile, served.keyFile);
    server = await startTestServer({
      env: { RUNWATCH_TLS_CERT: served.certFile, RUNWATCH_TLS_KEY: served.keyFile },
    });
    port = Number(new URL(server.url).port);
  });
  afterAll(() => server.close());

  it("answers the API over HTTPS with the configured certificate", async () => {
    expect(server.url).toBe(`https://127.0.0.1:${port}`);
    const response = await httpsRequest(`${server.url}/healthz`, first.certPem);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: "ok" });
  });

  it("gives the session cookie the Secure flag, since the connection itself is HTTPS", async () => {
    const response = await httpsRequest(`${server.url}/api/v1/auth/session`, first.certPem, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Buffer.from(JSON.stringify({ key: ADMIN_TOKEN })),
    });
    expect(response.status).toBe(200);
    expect(String(response.headers["set-cookie"])).toMatch(/; Secure/);
  });

  it("refuses TLS 1.1 and agrees TLS 1.2", async () => {
    expect(await handshake(port, { minVersion: "TLSv1", maxVersion: "TLSv1.1" })).toBe(
      "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION",
    );
    expect(await handshake(port, { minVersion: "TLSv1.2", maxVersion: "TLSv1.2" })).toBe("TLSv1.2");
  });

  it("delivers live updates over a secure websocket", async () => {
    const socket = connect(server.url, {
      transports: ["websocket"],
      forceNew: true,
      auth: { token: ADMIN_TOKEN },
      ca: first.certPem,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      const update = nextUpdate(socket, "jobs:updated", (job) => job.id === "github:40120000001");
      const delivery = fixtureJson<{ workflow_job: Record<string, unknown> }>(
        "github/workflow_job.queued.1.json",
      );
      delivery.workflow_job.id = 40120000001;
      const changed = JSON.stringify(delivery);
      const answer = await httpsRequest(`${server.url}/api/v1/webhooks/github`, first.certPem, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "workflow_job",
          "x-github-delivery": "tls-delivery-1",
          "x-hub-signature-256": githubSignature(changed),
        },
        body: Buffer.from(changed),
      });
      expect(answer.status).toBe(202);
      expect((await update).id).toBe("github:40120000001");
    } finally {
      socket.disconnect();
    }
  });

  it("serves a replaced certificate without a restart", async () => {
    expect(await servedCertificate(port, first.certPem)).toEqual({ cn: "runwatch-first", authorized: true });
    // Renewal tools write the two files one after the other: a moment of mismatch must not matter.
    fs.copyFileSync(second.certFile, served.certFile);
    fs.copyFileSync(second.keyFile, served.keyFile);
    await eventually(async () => (await servedCertificate(port, second.certPem)).cn === "runwatch-second");
    expect(await servedCertificate(port, second.certPem)).toEqual({
      cn: "runwatch-second",
      authorized: true,
    });
    const response = await httpsRequest(`${server.url}/healthz`, second.certPem);
    expect(response.status).toBe(200);
  });
});

describe("reloading the certificate files", () => {
  const stops: (() => void)[] = [];
  afterEach(() => {
    while (stops.length > 0) stops.pop()?.();
  });

  it("reports a bad new pair and keeps the previous one", async () => {
    const good = makeCertificate(dir, "good", "runwatch-good");
    const other = makeCertificate(dir, "other", "runwatch-other");
    const files = {
      certFile: path.join(dir, "watched.cert.pem"),
      keyFile: path.join(dir, "watched.key.pem"),
    };
    fs.copyFileSync(good.certFile, files.certFile);
    fs.copyFileSync(good.keyFile, files.keyFile);
    const applied: string[] = [];
    const errors: string[] = [];
    stops.push(
      watchTlsFiles(files, {
        apply: (options) => applied.push(new X509Certificate(options.cert).subject),
        onReload: () => undefined,
        onError: (error) => errors.push(error.message),
        pollMs: 50,
        settleMs: 50,
      }),
    );
    // Only the certificate is replaced: its key no longer matches.
    fs.copyFileSync(other.certFile, files.certFile);
    await eventually(async () => errors.length > 0, 5000);
    expect(errors[0]).toContain("key values mismatch");
    expect(applied).toEqual([]);
    // The matching key arrives: the pair is applied.
    fs.copyFileSync(other.keyFile, files.keyFile);
    await eventually(async () => applied.length > 0, 5000);
    expect(applied).toEqual(["CN=runwatch-other"]);
  });
});

describe("starting with TLS settings", () => {
  it("refuses one of the pair without the other, naming the missing one", () => {
    expect(() => loadSettings({ RUNWATCH_TLS_CERT: "/etc/runwatch/cert.pem" })).toThrow(SettingsError);
    expect(() => loadSettings({ RUNWATCH_TLS_CERT: "/etc/runwatch/cert.pem" })).toThrow(
      "RUNWATCH_TLS_KEY: RUNWATCH_TLS_CERT and RUNWATCH_TLS_KEY are set together",
    );
    expect(() => loadSettings({ RUNWATCH_TLS_KEY: "/etc/runwatch/key.pem" })).toThrow("RUNWATCH_TLS_CERT:");
    expect(loadSettings({}).tls).toBeNull();
  });

  it("refuses a file it cannot read, and a key that does not match", async () => {
    const good = makeCertificate(dir, "start", "runwatch-start");
    const other = makeCertificate(dir, "start-other", "runwatch-start-other");
    const missing = path.join(dir, "missing.pem");
    expect(() => readTlsFiles({ certFile: missing, keyFile: good.keyFile })).toThrow(
      `RUNWATCH_TLS_CERT: cannot read ${missing}`,
    );
    expect(() => readTlsFiles({ certFile: good.certFile, keyFile: other.keyFile })).toThrow(TlsFilesError);
    await expect(
      startTestServer({
        dataDir: fs.mkdtempSync(path.join(dir, "data-")),
        env: { RUNWATCH_TLS_CERT: good.certFile, RUNWATCH_TLS_KEY: other.keyFile },
      }),
    ).rejects.toThrow("are not a usable pair: error:05800074:x509 certificate routines::key values mismatch");
  });
});

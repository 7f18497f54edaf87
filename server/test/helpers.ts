/**
 * Test helpers: the real server on a spare port with a fresh SQLite folder,
 * real fixtures from test/fixtures, and GitHub-style signing.
 */
import { createHmac, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildServer, type BuildOptions, type RunwatchServer } from "../app";
import type { Clock } from "../domain/clock";
import { loadSettings } from "../settings";

/** Folder of the vendor fixtures, inside the repository (provenance: test/fixtures/README.md). */
export const FIXTURES_DIR = path.resolve(import.meta.dirname, "../../test/fixtures");

/** Secret the test servers use for GitHub. */
export const GITHUB_SECRET = "test-github-secret";

/** The admin API key every test server starts with (RUNWATCH_ADMIN_TOKEN). */
export const ADMIN_TOKEN = "rw_test_admin_token_0123456789abcdefghij";

/** Headers that authenticate as the admin key. */
export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}` } as const;

/** Reads a fixture's exact bytes, e.g. `fixture("github/workflow_job.queued.1.json")`. */
export function fixture(relativePath: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES_DIR, relativePath));
}

/** Parsed fixture JSON (a fresh copy each call). */
export function fixtureJson<T = Record<string, unknown>>(relativePath: string): T {
  return JSON.parse(fixture(relativePath).toString("utf8")) as T;
}

/** Names of every fixture file in a vendor folder matching a prefix. */
export function fixtureNames(vendor: string, prefix: string): string[] {
  return fs
    .readdirSync(path.join(FIXTURES_DIR, vendor))
    .filter((f) => f.startsWith(prefix) && f.endsWith(".json"))
    .sort();
}

/** The secret of every other source in test servers (GitLab's signing token is set per test). */
export const SOURCE_SECRETS = {
  gitlab: "test-gitlab-token",
  buildkite: "test-buildkite-token",
  jenkins: "test-jenkins-token",
  generic: "test-generic-secret",
} as const;

/** `sha256=<hex>` signature of a body, as GitHub sends it. */
export function githubSignature(body: Buffer | string, secret = GITHUB_SECRET): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** A running test server and its base URL; `close()` also removes its data folder. */
export interface TestServer extends RunwatchServer {
  url: string;
  dataDir: string;
}

/** Starts the real server (API, webhooks, Socket.IO; no dashboard) on a spare port. */
export async function startTestServer(
  options: {
    env?: Record<string, string>;
    clock?: Clock;
    dataDir?: string;
    alerting?: BuildOptions["alerting"];
    logFetching?: BuildOptions["logFetching"];
    logStream?: BuildOptions["logStream"];
    leases?: BuildOptions["leases"];
    /** Called once built, before it listens: to add a route a test needs (e.g. a stand-in for the dashboard). */
    beforeListen?: (server: RunwatchServer) => void;
  } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-test-"));
  const settings = loadSettings({
    PORT: "0",
    HOST: "127.0.0.1",
    RUNWATCH_DATA_DIR: dataDir,
    RUNWATCH_GITHUB_SECRET: GITHUB_SECRET,
    RUNWATCH_GITLAB_TOKEN: SOURCE_SECRETS.gitlab,
    RUNWATCH_BUILDKITE_TOKEN: SOURCE_SECRETS.buildkite,
    RUNWATCH_JENKINS_TOKEN: SOURCE_SECRETS.jenkins,
    RUNWATCH_GENERIC_SECRET: SOURCE_SECRETS.generic,
    RUNWATCH_LOG_LEVEL: "silent",
    RUNWATCH_ADMIN_TOKEN: ADMIN_TOKEN,
    ...options.env,
  });
  const server = await buildServer({
    settings,
    clock: options.clock,
    dashboard: false,
    alerting: options.alerting,
    logFetching: options.logFetching,
    logStream: options.logStream,
    leases: options.leases,
  });
  await server.store.ensureAdminKey(settings.adminToken, Date.now());
  options.beforeListen?.(server);
  const { url } = await server.listen();
  return {
    ...server,
    url,
    dataDir,
    async close() {
      await server.close();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Posts a GitHub delivery; signs it unless `signature` is given. */
export async function postGithub(
  url: string,
  body: Buffer | string,
  options: { event?: string; delivery?: string; signature?: string | null; contentType?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    "content-type": options.contentType ?? "application/json",
    "x-github-event": options.event ?? "workflow_job",
    "x-github-delivery": options.delivery ?? randomUUID(),
    "user-agent": "GitHub-Hookshot/test",
  };
  const signature = options.signature === undefined ? githubSignature(body) : options.signature;
  if (signature !== null) headers["x-hub-signature-256"] = signature;
  const payload = typeof body === "string" ? body : new Uint8Array(body);
  return fetch(`${url}/api/v1/webhooks/github`, { method: "POST", headers, body: payload });
}

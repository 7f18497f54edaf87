/**
 * The real app for in-process route tests: built by `buildServer` on a fresh
 * SQLite folder, never listening; requests go through Fastify's `inject`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import type { Scope } from "../../lib/auth";
import { buildServer, type RunwatchServer } from "../app";
import { loadSettings } from "../settings";

/** The admin API key the app starts with (RUNWATCH_ADMIN_TOKEN). */
export const ADMIN_KEY = "rw_inject_admin_token_0123456789abcdefghij";

/** An in-process app: `inject` a request, create keys, `close()` (also removes its folder). */
export interface InjectApp {
  server: RunwatchServer;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Creates an API key with `scopes` through the API; resolves with its secret. */
  keyWith(...scopes: Scope[]): Promise<string>;
  close(): Promise<void>;
}

/** Builds the app without a dashboard or a listening socket; `env` adds settings. */
export async function buildInjectApp(env: Record<string, string> = {}): Promise<InjectApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-inject-"));
  const settings = loadSettings({
    RUNWATCH_DATA_DIR: dataDir,
    RUNWATCH_LOG_LEVEL: "silent",
    RUNWATCH_ADMIN_TOKEN: ADMIN_KEY,
    ...env,
  });
  const server = await buildServer({ settings, dashboard: false });
  await server.store.ensureAdminKey(settings.adminToken, Date.now());
  const inject = (options: InjectOptions) => server.app.inject(options);
  return {
    server,
    inject,
    async keyWith(...scopes) {
      const response = await inject({
        method: "POST",
        url: "/api/v1/keys",
        headers: bearer(ADMIN_KEY),
        payload: { name: `test ${scopes.join("+")}`, scopes },
      });
      if (response.statusCode !== 201)
        throw new Error(`creating a key: ${response.statusCode} ${response.body}`);
      return response.json<{ secret: string }>().secret;
    },
    async close() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The `Authorization` header of an API key. */
export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

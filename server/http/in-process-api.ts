/**
 * The API read in process by the dashboard's server rendering
 * (`lib/in-process-api.ts`): while a page request is served, its rendering
 * may `GET /api/v1/…` through every route's hooks as that request (its
 * cookie or bearer key, its address), so access control and rate limits
 * apply exactly as if the browser had asked, with no network hop.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { IN_PROCESS_API, type InProcessApi } from "../../lib/in-process-api";

/** The credential and address of the page request being rendered. */
interface PageRequest {
  cookie?: string;
  authorization?: string;
  ip: string;
}

const pageRequest = new AsyncLocalStorage<PageRequest>();

type Holder = { [IN_PROCESS_API]?: InProcessApi };

/**
 * Runs `serve` (Next.js handling `request`) with `request`'s credential as the
 * context of every in-process read its rendering makes.
 */
export function servingPage<T>(request: FastifyRequest, serve: () => Promise<T>): Promise<T> {
  const page: PageRequest = {
    cookie: request.headers.cookie,
    authorization: request.headers.authorization,
    ip: request.ip,
  };
  return pageRequest.run(page, serve);
}

/**
 * Installs the reader on `globalThis` for `app`; returns the function that
 * removes it. The reader refuses paths outside `/api/v1/` and reads made
 * outside {@link servingPage} (there is no request to act as).
 */
export function installInProcessApi(app: FastifyInstance): () => void {
  const read: InProcessApi = async (path) => {
    const page = pageRequest.getStore();
    if (!page) throw new Error("in-process API: read outside a page request");
    if (!path.startsWith("/api/v1/")) throw new Error(`in-process API: not an API path: ${path}`);
    const headers: Record<string, string> = { accept: "application/json" };
    if (page.cookie) headers.cookie = page.cookie;
    if (page.authorization) headers.authorization = page.authorization;
    const response = await app.inject({ method: "GET", url: path, headers, remoteAddress: page.ip });
    const kept: Record<string, string> = {};
    const retryAfter = response.headers["retry-after"];
    if (retryAfter !== undefined) kept["retry-after"] = String(retryAfter);
    return { status: response.statusCode, headers: kept, body: response.body };
  };
  (globalThis as Holder)[IN_PROCESS_API] = read;
  return () => {
    if ((globalThis as Holder)[IN_PROCESS_API] === read) delete (globalThis as Holder)[IN_PROCESS_API];
  };
}

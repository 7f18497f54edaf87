/**
 * `fetch` for server rendering: the same request {@link apiFetch} makes in
 * the browser, answered by the API in this process (`lib/in-process-api.ts`)
 * as the page request being rendered. So a query's own `queryFn` can run on
 * the server unchanged, and its cache entry hydrates the browser's.
 */
import { inProcessApi } from "@/lib/in-process-api";

/** True while rendering on the server (no `window`). */
export const onServer = (): boolean => typeof window === "undefined";

/**
 * Answers `GET <path>` in process as a standard `Response`. Only reads:
 * server rendering never changes anything. @throws when no reader is
 * installed (Next.js run without Runwatch's server) or for another method
 */
export async function inProcessFetch(path: string, method: string): Promise<Response> {
  const read = inProcessApi();
  if (!read) throw new Error("no in-process API (Next.js is not served by Runwatch here)");
  if (method !== "GET") throw new Error(`server rendering only reads (asked ${method} ${path})`);
  const answer = await read(path);
  // A 204 or 304 has no body, and a Response built with one would throw.
  const empty = answer.status === 204 || answer.status === 304;
  return new Response(empty ? null : answer.body, { status: answer.status, headers: answer.headers });
}

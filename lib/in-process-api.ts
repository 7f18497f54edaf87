/**
 * The bridge between the dashboard's server rendering and the API in the same
 * process. Next.js is served by Runwatch's own Fastify server
 * (`server/http/dashboard.ts`), which installs a reader under
 * {@link IN_PROCESS_API} while it serves pages; a page's server rendering
 * then reads its first data through the real routes (access control,
 * validation, the same JSON) without a network hop, as the page request's own
 * credential (the server carries it in the request's async context, so no
 * caller can pass another). A process-wide symbol, not an import: the browser
 * side never imports `server/`, and the Next.js bundle and the server are
 * separate module graphs in one process.
 */

/** The key of the reader on `globalThis` (`Symbol.for`, so both module graphs see the same one). */
export const IN_PROCESS_API = Symbol.for("runwatch.in-process-api");

/** An API answer as received: status, the headers that matter to callers, and the raw body. */
export interface InProcessAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Reads `GET <path>` (a path under `/api/v1/`, with its query string) as the
 * page request being rendered. @throws outside a page request's rendering
 */
export type InProcessApi = (path: string) => Promise<InProcessAnswer>;

/** The installed reader, or `undefined` (Next.js run on its own, or in a browser). */
export function inProcessApi(): InProcessApi | undefined {
  return (globalThis as { [IN_PROCESS_API]?: InProcessApi })[IN_PROCESS_API];
}

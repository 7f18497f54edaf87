/**
 * Serves the Next.js dashboard from the same process and port as the API.
 * Registered last, for GET/HEAD only; everything under /api stays with the API.
 * Pages need a signed-in session (unless auth is off); the sign-in page and
 * static assets are public.
 */
import type { Server as HttpServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance, FastifyRequest } from "fastify";
import next from "next";
import { SOCKET_PATH } from "../../lib/events";
import { installInProcessApi, servingPage } from "./in-process-api";
import { answeredByGate } from "./page-gate";
import { SECURITY_HEADERS, preparePageRequest } from "./security-headers";

/** The repository root, where `app/` and `.next/` live. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Options of the dashboard. */
export interface DashboardOptions {
  dev: boolean;
  /** Whether the request may see the page at `path` (resolved; a valid session, or auth off). */
  mayView(request: FastifyRequest, path: string): Promise<boolean>;
}

/** Prepares Next (dev server or the production build) and routes page requests to it. */
export async function mountDashboard(
  app: FastifyInstance,
  httpServer: HttpServer,
  options: DashboardOptions,
): Promise<() => Promise<void>> {
  const nextApp = next({ dev: options.dev, dir: PROJECT_ROOT, httpServer });
  await nextApp.prepare();
  const handle = nextApp.getRequestHandler();

  app.route({
    method: ["GET", "HEAD"],
    url: "/*",
    config: { access: "page" },
    handler: async (request, reply) => {
      // Decided on the resolved path: `/_next/../jobs` is `/jobs` (page-gate.ts).
      if (await answeredByGate(request, reply, options.mayView)) return reply;
      const csp = preparePageRequest(request.raw, options.dev);
      reply.hijack();
      reply.raw.setHeader("content-security-policy", csp);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.raw.setHeader(name, value);
      await servingPage(request, () => handle(request.raw, reply.raw));
    },
  });

  if (options.dev) {
    // Hot reload runs over a WebSocket of Next's own; Socket.IO keeps its path.
    const upgrade = nextApp.getUpgradeHandler();
    httpServer.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith(SOCKET_PATH)) void upgrade(req, socket, head);
    });
  }
  const uninstall = installInProcessApi(app);
  return async () => {
    uninstall();
    await nextApp.close();
  };
}

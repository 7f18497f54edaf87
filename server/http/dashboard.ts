/**
 * Serves the Next.js dashboard from the same process and port as the API.
 * Registered last, for GET/HEAD only; everything under /api stays with the API.
 */
import type { Server as HttpServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import next from "next";
import { SOCKET_PATH } from "../../lib/events";

/** The repository root, where `app/` and `.next/` live. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Prepares Next (dev server or the production build) and routes page requests to it. */
export async function mountDashboard(
  app: FastifyInstance,
  httpServer: HttpServer,
  dev: boolean,
): Promise<() => Promise<void>> {
  const nextApp = next({ dev, dir: PROJECT_ROOT, httpServer });
  await nextApp.prepare();
  const handle = nextApp.getRequestHandler();

  app.route({
    method: ["GET", "HEAD"],
    url: "/*",
    handler: async (request, reply) => {
      if (request.url.startsWith("/api/")) {
        return reply.code(404).send({
          error: { code: "not_found", message: `no route ${request.method} ${request.url.split("?")[0]}` },
        });
      }
      reply.hijack();
      await handle(request.raw, reply.raw);
    },
  });

  if (dev) {
    // Hot reload runs over a WebSocket of Next's own; Socket.IO keeps its path.
    const upgrade = nextApp.getUpgradeHandler();
    httpServer.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith(SOCKET_PATH)) void upgrade(req, socket, head);
    });
  }
  return () => nextApp.close();
}

/**
 * Shutting down without hanging on clients: once draining begins, every new
 * request is answered 503 in the JSON error shape with `Retry-After`, idle
 * keep-alive connections are closed at once (and as soon as any other one goes
 * idle), and whatever is still open when the grace period ends is cut.
 * Without this a keep-alive client held shutdown for the 72 s keep-alive
 * timeout, and a half-sent request for as long as it liked.
 */
import type { Server } from "node:http";
import type { FastifyInstance } from "fastify";
import { errorBody } from "./errors";

/** Seconds a client is told to wait before retrying (a restart takes a few). */
export const SHUTDOWN_RETRY_AFTER_SECONDS = 5;

/** Idle connections are looked for this often while draining, ms. */
const SWEEP_MS = 100;

/** The drain of one server. */
export interface Drain {
  /** Starts draining (idempotent): 503s from now, idle connections closed, the grace clock started. */
  begin(): void;
  /** Clears the timers once the server is closed. */
  end(): void;
}

/**
 * Installs the 503 answer (an `onRequest` hook: register it before access
 * control, so a request during shutdown costs no credential lookup) and
 * returns the drain. Fastify's own closing answer is not in our error shape,
 * so `return503OnClosing` must be off.
 */
export function installDrain(app: FastifyInstance, server: Server, { graceMs }: { graceMs: number }): Drain {
  let draining = false;
  let sweep: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;

  app.addHook("onRequest", async (_request, reply) => {
    if (!draining) return;
    return reply
      .code(503)
      .header("retry-after", String(SHUTDOWN_RETRY_AFTER_SECONDS))
      .header("connection", "close")
      .send(errorBody("shutting_down", "the server is shutting down; retry shortly"));
  });

  return {
    begin() {
      if (draining) return;
      draining = true;
      server.closeIdleConnections();
      // A request in flight leaves its keep-alive connection idle when it ends: close it then.
      sweep = setInterval(() => server.closeIdleConnections(), SWEEP_MS);
      deadline = setTimeout(() => server.closeAllConnections(), graceMs);
      sweep.unref();
      deadline.unref();
    },
    end() {
      clearInterval(sweep);
      clearTimeout(deadline);
    },
  };
}

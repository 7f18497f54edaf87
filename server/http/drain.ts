/**
 * Shutting down without hanging on clients, and without refusing what a
 * balancer still sends. Once draining begins, readiness is false at once
 * (`/readyz` 503 `draining`), and for a short hand-over (a quarter of the grace
 * period, at most {@link SERVE_WHILE_LEAVING_MS}) every request is still served
 * as usual, each answer closing its connection: a balancer that polls
 * `/readyz` moves traffic away meanwhile and no client sees a 5xx. After the
 * hand-over every new request is answered 503 in the JSON error shape with
 * `Retry-After` (the health probes excepted), idle keep-alive connections are
 * closed (and each other one as soon as it goes idle), and whatever is still
 * open when the grace period ends is cut. Without this a keep-alive client
 * held shutdown for the 72 s keep-alive timeout, and a half-sent request for
 * as long as it liked.
 *
 * The requests admitted are counted, so shutdown can wait for exactly them
 * (`settled()`, never before the hand-over ends) before flushing what they
 * queued.
 */
import type { Server } from "node:http";
import type { FastifyInstance } from "fastify";
import { errorBody } from "./errors";

/** Seconds a client is told to wait before retrying (a restart takes a few). */
export const SHUTDOWN_RETRY_AFTER_SECONDS = 5;

/** Longest hand-over during which a draining node still serves every request, ms (at most a quarter of the grace). */
export const SERVE_WHILE_LEAVING_MS = 2000;

/** Idle connections are looked for this often while draining, ms. */
const SWEEP_MS = 100;

/** Route config of a route still answered while draining (the health probes). */
export interface DrainRouteConfig {
  answersWhileDraining?: boolean;
}

/** The drain of one server. */
export interface Drain {
  /** Starts draining (idempotent): readiness false now; after the hand-over, 503s and idle connections closed; the grace clock started. */
  begin(): void;
  /** Whether draining has begun (readiness reports it). */
  draining(): boolean;
  /**
   * Resolves once the hand-over is over and every request admitted has been
   * answered or cut (at the latest when the grace period ends).
   */
  settled(): Promise<void>;
  /** Resolves when the grace period ends (at once if draining has not begun). */
  deadline(): Promise<void>;
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
  // After the hand-over: new requests are refused, and `settled()` may resolve.
  let refusing = false;
  let sweep: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  let graceOver: Promise<void> = Promise.resolve();
  let endGrace = () => {};
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const settle = () => {
    if (!refusing || inFlight > 0) return;
    for (const resolve of waiting.splice(0)) resolve();
  };

  app.addHook("onRequest", async (request, reply) => {
    if (refusing && !(request.routeOptions.config as DrainRouteConfig | undefined)?.answersWhileDraining) {
      return reply
        .code(503)
        .header("retry-after", String(SHUTDOWN_RETRY_AFTER_SECONDS))
        .header("connection", "close")
        .send(errorBody("shutting_down", "the server is shutting down; retry shortly"));
    }
    inFlight += 1;
    // `close` comes once per response, answered or cut.
    reply.raw.once("close", () => {
      inFlight -= 1;
      settle();
    });
  });
  // An answer sent while draining closes its connection: a keep-alive client must not send the
  // next request down a connection about to be closed (it would be reset, unanswered).
  app.addHook("onSend", async (_request, reply) => {
    if (draining) void reply.header("connection", "close");
  });

  return {
    begin() {
      if (draining) return;
      draining = true;
      // Idle keep-alive connections are left open during the hand-over too: closing one races with
      // the client's next request down it, which then gets no answer at all. Then they are closed,
      // and so is each connection a request in flight leaves idle when it ends.
      sweep = setTimeout(
        () => {
          refusing = true;
          server.closeIdleConnections();
          sweep = setInterval(() => server.closeIdleConnections(), SWEEP_MS);
          sweep.unref();
          settle();
        },
        Math.min(SERVE_WHILE_LEAVING_MS, graceMs / 4),
      );
      graceOver = new Promise((resolve) => {
        endGrace = resolve;
      });
      deadline = setTimeout(() => {
        server.closeAllConnections();
        endGrace();
      }, graceMs);
      // The hand-over's timer stays referenced (it is short): shutdown waits on it.
      deadline.unref();
    },
    draining: () => draining,
    settled() {
      return new Promise((resolve) => {
        waiting.push(resolve);
        settle();
      });
    },
    deadline: () => graceOver,
    end() {
      clearTimeout(sweep);
      clearInterval(sweep);
      clearTimeout(deadline);
      endGrace();
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

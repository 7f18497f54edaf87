/**
 * Request ids: one per request, taken from the caller's `X-Request-Id` when it
 * is safe to log and echo, generated otherwise; returned on every answer and
 * carried by every log line of the request (Fastify binds it as `reqId`).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";

/** The header a request id arrives in and is returned in. */
export const REQUEST_ID_HEADER = "x-request-id";

/** Longest incoming id honoured. */
export const MAX_REQUEST_ID_LENGTH = 128;

// Printable ASCII only: an id ends up in log lines and response headers verbatim.
const ACCEPTABLE = new RegExp(`^[\\x20-\\x7e]{1,${MAX_REQUEST_ID_LENGTH}}$`);

/**
 * The id of a request (Fastify's `genReqId`): the incoming `X-Request-Id` when
 * it is 1 to 128 printable ASCII characters, else a random UUID.
 */
export function requestIdOf(raw: IncomingMessage): string {
  const given = raw.headers[REQUEST_ID_HEADER];
  return typeof given === "string" && ACCEPTABLE.test(given) ? given : randomUUID();
}

/**
 * Returns the id on every answer. Set on the raw response as the request
 * arrives, so it survives early refusals, error answers, 404s and dashboard
 * pages that bypass Fastify's reply; set again as Fastify sends, for answers
 * that skipped the request hooks (URL errors raised before routing).
 */
export function installRequestIdHeader(app: FastifyInstance): void {
  app.addHook("onRequest", async (request, reply) => {
    reply.raw.setHeader(REQUEST_ID_HEADER, request.id);
  });
  app.addHook("onSend", async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
}

/**
 * Body limits by route: webhooks take up to `RUNWATCH_BODY_LIMIT` (vendors send
 * large payloads), every other route up to `RUNWATCH_API_BODY_LIMIT` (API JSON
 * is small, and an anonymous sign-in must not make the server parse megabytes).
 * Fastify refuses a body over the route's limit before parsing it, from its
 * `Content-Length` at once, or as soon as a chunked body passes the limit;
 * access control and rate limits (`access.ts`, `onRequest`) run before that.
 */
import type { FastifyRequest } from "fastify";

/** The 413 message for `request`: which setting limits its route, and to how many bytes. */
export function bodyTooLargeMessage(request: FastifyRequest): string {
  const webhook = !request.is404 && request.routeOptions.config.access === "webhook";
  const variable = webhook ? "RUNWATCH_BODY_LIMIT" : "RUNWATCH_API_BODY_LIMIT";
  return `the body is larger than ${variable} (${request.routeOptions.bodyLimit} bytes)`;
}

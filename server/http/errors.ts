/**
 * Errors that map to HTTP answers, and the one handler that maps every thrown
 * error to the JSON error shape. Client mistakes are 4xx naming the problem;
 * a database that cannot be reached is 503 with Retry-After (nothing was stored);
 * anything else is a logged 500 without internals.
 */
import type { FastifyError, FastifyInstance } from "fastify";
import type { ApiError } from "../../lib/api";
import { QueryError } from "../store/store";
import { isStoreUnavailable } from "../store/unavailable";
import { bodyTooLargeMessage } from "./body-limits";

/** An error with an HTTP status and a stable code, safe to show the client. */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Builds the JSON body of an error answer. */
export function errorBody(code: string, message: string, field?: string): ApiError {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

// Fastify's own client-error codes, with the message users should see.
const FASTIFY_CODES: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: "payload_too_large" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: "unsupported_media_type" },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: "invalid_body", message: "body is empty" },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: "invalid_body", message: "body is not valid JSON" },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: "invalid_body" },
};

/** Retry-After of a 503 answered while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Installs the error and not-found handlers on the API. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) {
      return reply
        .code(error.statusCode)
        .headers(error.headers)
        .send(errorBody(error.code, error.message, error.field));
    }
    if (error instanceof QueryError) {
      return reply.code(400).send(errorBody("invalid_query", error.message, error.field));
    }
    if (isStoreUnavailable(error)) {
      // Nothing was stored: the sender retries (a vendor redelivers), and this node stays up.
      request.log.warn({ err: error }, "database unavailable");
      return reply
        .code(503)
        .headers({ "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) })
        .send(errorBody("database_unavailable", "the database is unavailable; retry later"));
    }
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return reply.code(413).send(errorBody("payload_too_large", bodyTooLargeMessage(request)));
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return reply.code(known.status).send(errorBody(known.code, known.message ?? error.message));
    if (error.validation) return reply.code(400).send(errorBody("invalid_request", error.message));
    if (typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send(errorBody("bad_request", error.message));
    }
    request.log.error({ err: error }, "unhandled error");
    return reply.code(500).send(errorBody("internal", "internal server error"));
  });
}

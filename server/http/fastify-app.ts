/**
 * The Fastify instance every Runwatch server is built on: redacted logging,
 * the API body limit, the trust-proxy setting, request ids, and URL and
 * client errors answered in the one error shape. Routes and hooks are added
 * by `app.ts`.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerFactory } from "fastify";
import type { Settings } from "../settings";
import { errorBody } from "./errors";
import { REQUEST_ID_HEADER, requestIdOf } from "./request-id";
import { apiAnswerHeaders, type SecurityHeaderOptions } from "./security-headers";
import { answerClientError } from "./transport";

/** Headers and values never written to the log. */
const REDACT = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-hub-signature"]',
  'req.headers["x-runwatch-signature-256"]',
  'req.headers["x-gitlab-token"]',
  'req.headers["x-buildkite-token"]',
  'req.headers["webhook-signature"]',
  'res.headers["set-cookie"]',
];

/** What the instance is made from. */
export interface FastifyAppOptions {
  settings: Pick<Settings, "logLevel" | "apiBodyLimit" | "trustProxy">;
  /** The HTTP or HTTPS server (`transport.ts`). */
  serverFactory: FastifyServerFactory;
  /** Where log lines go instead of stdout (tests that read them). */
  logStream?: { write(line: string): void };
  headers: SecurityHeaderOptions;
}

/** Creates the Fastify instance (nothing registered, nothing listening). */
export function createFastifyApp({
  settings,
  serverFactory,
  logStream,
  headers,
}: FastifyAppOptions): FastifyInstance {
  return Fastify({
    logger: { level: settings.logLevel, redact: { paths: REDACT, censor: "[redacted]" }, stream: logStream },
    serverFactory,
    // Every route but the webhooks (which set RUNWATCH_BODY_LIMIT on their own routes).
    bodyLimit: settings.apiBodyLimit,
    // Stored ids can be long (generic ids up to 208 characters, Jenkins ids carry the folder path).
    routerOptions: { maxParamLength: 2048 },
    // While shutting down, `drain.ts` answers 503 in the documented error shape instead.
    return503OnClosing: false,
    // Behind a reverse proxy, the client address (rate limits, audit) and https (Secure cookie) come from it.
    trustProxy: fastifyTrustProxy(settings.trustProxy),
    // URL errors Fastify raises before routing still answer in the one error shape.
    frameworkErrors: (error, request, reply) => {
      const tooLong = error.code === "FST_ERR_MAX_PARAM_LENGTH";
      // The reply here is typed for a route schema it does not have.
      void (reply as FastifyReply)
        .code(tooLong ? 414 : 400)
        // No hook runs for these: the headers every answer carries are set here.
        .headers({ ...apiAnswerHeaders(headers), [REQUEST_ID_HEADER]: request.id })
        .send(errorBody(tooLong ? "uri_too_long" : "bad_url", error.message));
    },
    clientErrorHandler: answerClientError,
    // A caller's X-Request-Id is honoured only when safe to log and echo (`http/request-id.ts`).
    requestIdHeader: false,
    genReqId: requestIdOf,
  });
}

/** Fastify's form of the trust-proxy setting (its types take a hop count only as a function). */
function fastifyTrustProxy(setting: Settings["trustProxy"]) {
  return typeof setting === "number" ? (_address: string, hop: number) => hop < setting : setting;
}

/**
 * Security headers on every answer. Dashboard pages get a strict CSP with a
 * per-request nonce: the nonce is handed to Next.js through the request's own
 * CSP header (Next reads it from there and stamps its inline scripts), and the
 * root layout reads it for the theme script.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";

const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** The CSP for a dashboard page with this nonce. `dev` allows what Next's hot reload needs. */
export function pageCsp(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // React and Next set style attributes at run time; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Gives a page request its nonce and CSP: sets them on the incoming request
 * (for Next.js and the root layout) and returns the CSP for the response.
 */
export function preparePageRequest(raw: IncomingMessage, dev: boolean): string {
  const nonce = randomBytes(16).toString("base64");
  const csp = pageCsp(nonce, dev);
  raw.headers["x-nonce"] = nonce;
  raw.headers["content-security-policy"] = csp;
  return csp;
}

/** Headers every answer carries, API and pages alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
};

/** `Strict-Transport-Security` when the dashboard is served over https: a year, subdomains included. */
export const HSTS = "max-age=31536000; includeSubDomains";

/** Which optional headers this deployment sends. */
export interface SecurityHeaderOptions {
  /** Send {@link HSTS}: true when `RUNWATCH_PUBLIC_URL` is https (browsers ignore it over http anyway). */
  hsts: boolean;
}

/** Whether a `RUNWATCH_PUBLIC_URL` calls for HSTS. */
export const wantsHsts = (publicUrl: string | null): boolean => publicUrl?.startsWith("https:") ?? false;

/** Every header an API answer carries, CSP included: for answers sent outside Fastify's hooks too. */
export function apiAnswerHeaders({ hsts }: SecurityHeaderOptions): Record<string, string> {
  return {
    ...SECURITY_HEADERS,
    "content-security-policy": API_CSP,
    ...(hsts ? { "strict-transport-security": HSTS } : {}),
  };
}

/**
 * Adds the headers to every response Fastify sends (pages set their own CSP
 * before hijacking). HSTS goes on the raw response as the request arrives, so
 * hijacked dashboard pages carry it too.
 */
export function installSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): void {
  const { "content-security-policy": csp, ...headers } = apiAnswerHeaders(options);
  if (options.hsts) {
    app.addHook("onRequest", async (_request, reply) => {
      reply.raw.setHeader("strict-transport-security", HSTS);
    });
  }
  app.addHook("onSend", async (_request, reply) => {
    reply.headers(headers);
    if (!reply.hasHeader("content-security-policy")) reply.header("content-security-policy", csp);
  });
}

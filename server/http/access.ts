/**
 * Access control and rate limiting for every route, in one hook. Each route
 * declares `config.access`; a route that declares nothing is treated as
 * admin-only, so a route added without thought is closed, not open.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Scope } from "../../lib/auth";
import {
  allows,
  credentialsFrom,
  resolvePrincipal,
  type AccessTokenCheck,
  type Principal,
} from "../auth/principal";
import type { AuditRecorder } from "../auth/audit";
import type { Clock } from "../domain/clock";
import type { AuthStore } from "../store/store";
import { HttpError } from "./errors";
import type { RateLimiter } from "./rate-limit";

/**
 * Who may call a route:
 * - `public`: anyone (health probes, sign-in, the "who am I" probe);
 * - `webhook`: anyone, authenticated by the vendor's signature in the handler;
 * - `read` / `admin`: an API key or session holding that scope;
 * - `audit`: an admin, or an auditor (evidence and the audit log, read-only);
 * - `page`: dashboard pages, gated by the dashboard handler (redirect to sign-in).
 */
export type Access = "public" | "webhook" | "read" | "admin" | "audit" | "page";

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
    /** Budget to charge instead of the default for the access level. */
    rateBudget?: "signIn";
  }
  interface FastifyRequest {
    /** The authenticated caller; null when anonymous. */
    principal: Principal | null;
  }
}

/** Dependencies of the access hook. */
export interface AccessDeps {
  store: AuthStore;
  clock: Clock;
  audit: AuditRecorder;
  /** False only in the local demo mode (`RUNWATCH_AUTH=off`): read access needs no credential. */
  authRequired: boolean;
  /** Checks OAuth 2.0 access tokens sent as bearer credentials; absent without single sign-on. */
  accessTokens?: AccessTokenCheck;
  limiters: { api: RateLimiter; webhook: RateLimiter; signIn: RateLimiter };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The access level a request's route declared (admin when it declared none). */
export function routeAccess(request: FastifyRequest): Access {
  // Unknown routes answer 404 to anyone (and are still rate limited as API calls).
  if (request.is404) return "public";
  return request.routeOptions.config.access ?? "admin";
}

/** Installs the hook. Call before registering routes. */
export function installAccessControl(app: FastifyInstance, deps: AccessDeps): void {
  app.decorateRequest("principal", null);

  const limit = async (request: FastifyRequest, budget: keyof AccessDeps["limiters"], subject: string) => {
    const decision = await deps.limiters[budget].take(`${budget}:${subject}`, deps.clock.now());
    if (decision.ok) return;
    await deps.audit.recordThrottled(`ratelimit:${budget}:${subject}`, {
      actor: subject.startsWith("key:") ? subject.slice(4) : "anonymous",
      action: "ratelimit.tripped",
      target: budget,
      ip: request.ip,
      details: { budget, route: request.routeOptions.url ?? request.url },
    });
    throw new HttpError(
      429,
      "rate_limited",
      `too many requests; retry in ${decision.retryAfterSeconds} s`,
      undefined,
      {
        "retry-after": String(decision.retryAfterSeconds),
      },
    );
  };

  app.addHook("onRequest", async (request: FastifyRequest, _reply: FastifyReply) => {
    const access = routeAccess(request);
    if (access === "webhook") return limit(request, "webhook", `ip:${request.ip}`);
    if (access === "page") return;
    const budget = request.routeOptions.config.rateBudget;
    if (budget) await limit(request, budget, `ip:${request.ip}`);

    const resolution = await resolvePrincipal(
      deps.store,
      credentialsFrom(request.headers),
      deps.clock.now(),
      deps.accessTokens,
    );
    if (resolution.kind === "ok") {
      request.principal = resolution.principal;
      if (resolution.firstUse) {
        await deps.audit.record({
          actor: resolution.principal.keyId,
          action: "key.first_use",
          target: resolution.principal.keyId,
          ip: request.ip,
          details: { route: request.routeOptions.url ?? request.url },
        });
      }
    }
    await limit(request, "api", request.principal ? `key:${request.principal.keyId}` : `ip:${request.ip}`);
    if (access === "public") return;

    if (resolution.kind === "invalid") {
      throw new HttpError(
        401,
        "unauthenticated",
        resolution.via === "key"
          ? "the API key is not valid or has been revoked"
          : resolution.via === "token"
            ? "the access token is not valid (signature, issuer, audience, expiry or scopes)"
            : "the session has expired; sign in again",
      );
    }
    const needed: Scope[] = access === "audit" ? ["admin", "auditor"] : [access];
    if (!request.principal) {
      if (access === "read" && !deps.authRequired) return;
      throw new HttpError(
        401,
        "unauthenticated",
        "sign in, or send an API key as `Authorization: Bearer <key>`",
      );
    }
    const principal = request.principal;
    if (!needed.some((scope) => allows(principal, scope))) {
      throw new HttpError(403, "forbidden", `this needs the ${needed.join(" or ")} scope`);
    }
    // A cookie rides along on cross-site requests; a custom header cannot without CORS, which is off.
    if (request.principal.via === "session" && !SAFE_METHODS.has(request.method)) {
      if (request.headers["x-runwatch-csrf"] !== "1") {
        throw new HttpError(
          403,
          "csrf",
          "a signed-in browser request that changes data must send `x-runwatch-csrf: 1`",
        );
      }
    }
  });
}

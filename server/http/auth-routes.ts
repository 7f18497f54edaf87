/**
 * Dashboard sign-in: exchanges an API key (read or admin scope) for an
 * httpOnly session cookie; sign-out revokes the session. `GET /auth/me`
 * tells the browser whether it is signed in and whether auth is on at all.
 */
import type { FastifyInstance } from "fastify";
import { signInSchema } from "../../lib/auth";
import { hasScope } from "../domain/credentials";
import type { AuditRecorder } from "../auth/audit";
import type { Clock } from "../domain/clock";
import type { DomainEvents } from "../domain/events";
import type { AuthStore } from "../store/store";
import { clearedSessionCookie, sessionCookie } from "../auth/cookies";
import { HttpError } from "./errors";
import { parseBody } from "./validate";

/** Dependencies of the sign-in routes. */
export interface AuthRoutesDeps {
  store: AuthStore;
  clock: Clock;
  audit: AuditRecorder;
  events: DomainEvents;
  authRequired: boolean;
  sessionTtlMs: number;
  /** `RUNWATCH_KEY_SIGNIN=off` (single sign-on only) refuses API-key sign-in; default on. */
  keySignin?: boolean;
}

/** Registers `/api/v1/auth/*`. */
export async function authRoutes(app: FastifyInstance, deps: AuthRoutesDeps): Promise<void> {
  const { store, clock, audit } = deps;

  app.get("/api/v1/auth/me", { config: { access: "public" } }, async (request) => {
    const p = request.principal;
    return {
      auth: deps.authRequired ? "on" : "off",
      authenticated: p !== null,
      principal: p
        ? {
            keyId: p.keyId,
            name: p.name,
            scopes: p.scopes,
            via: p.via,
            // A single sign-on user's role is the one scope it grants (`roleScopes`).
            user: p.userId === null ? null : { id: p.userId, name: p.name, role: p.scopes[0] ?? "deny" },
            teams: p.teams,
          }
        : null,
      expiresAt: p?.expiresAt ?? null,
    };
  });

  app.post(
    "/api/v1/auth/session",
    { config: { access: "public", rateBudget: "signIn" } },
    async (request, reply) => {
      if (deps.keySignin === false)
        throw new HttpError(
          403,
          "key_signin_off",
          "API-key sign-in is turned off; sign in with single sign-on",
        );
      const { key: secret } = parseBody(signInSchema, request.body);
      const key = await store.findApiKeyBySecret(secret);
      // An auditor signs in too: the page gate then shows only the evidence and audit pages.
      if (!key || !(hasScope(key.scopes, "read") || hasScope(key.scopes, "auditor"))) {
        await audit.record({
          actor: key?.id ?? "anonymous",
          action: "auth.signin.failure",
          ip: request.ip,
          details: { reason: key ? "scope" : "unknown_key" },
        });
        if (key)
          throw new HttpError(
            403,
            "forbidden",
            "this key cannot sign in to the dashboard: it needs the read, admin or auditor scope",
          );
        throw new HttpError(401, "unauthenticated", "the API key is not valid or has been revoked");
      }
      const now = clock.now();
      const { token, session } = await store.createSession(key.id, deps.sessionTtlMs, now);
      const { firstUse } = await store.touchApiKey(key.id, now);
      await audit.record({
        actor: key.id,
        action: "auth.signin.success",
        target: session.id,
        ip: request.ip,
      });
      if (firstUse)
        await audit.record({ actor: key.id, action: "key.first_use", target: key.id, ip: request.ip });
      reply.header(
        "set-cookie",
        sessionCookie(token, deps.sessionTtlMs / 1000, request.protocol === "https"),
      );
      return {
        principal: { keyId: key.id, name: key.name, scopes: key.scopes },
        expiresAt: session.expiresAt,
      };
    },
  );

  app.delete("/api/v1/auth/session", { config: { access: "public" } }, async (request, reply) => {
    const p = request.principal;
    if (p?.sessionId) {
      // A single sign-on session lives in its own table (`oidc-routes.ts`).
      if (p.userId) await store.revokeUserSession(p.sessionId, clock.now());
      else await store.revokeSession(p.sessionId, clock.now());
      deps.events.emit("credential.revoked", { sessionId: p.sessionId });
      await audit.record({ actor: p.keyId, action: "auth.signout", target: p.sessionId, ip: request.ip });
    }
    reply.header("set-cookie", clearedSessionCookie(request.protocol === "https"));
    return reply.code(204).send();
  });
}

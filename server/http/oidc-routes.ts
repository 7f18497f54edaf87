/**
 * Single sign-on routes: `GET /api/v1/auth/oidc/start` and `/callback` (the
 * authorization-code flow; refusals go back to the login page with a reason
 * it explains), `POST /api/v1/auth/oidc/logout` (ends the session and names
 * the provider's logout URL), `GET /api/v1/auth/providers` (what the login
 * page offers), and for admins the user list and its session revocation.
 * Registered whether or not single sign-on is configured, so the routes are
 * always enumerated; without it they answer 404 `sso_not_configured`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AuditRecorder } from "../auth/audit";
import { clearedSessionCookie, sessionCookie } from "../auth/cookies";
import { beginLogin, endSessionUrl, finishLogin, safeReturnTo } from "../auth/oidc-login";
import type { Sso } from "../auth/sso";
import type { Clock } from "../domain/clock";
import type { DomainEvents } from "../domain/events";
import type { AuthStore } from "../store/store";
import { HttpError } from "./errors";

/** Dependencies of the single sign-on routes. */
export interface OidcRoutesDeps {
  store: AuthStore;
  clock: Clock;
  audit: AuditRecorder;
  events: DomainEvents;
  sso: Sso;
  sessionTtlMs: number;
  /** `RUNWATCH_KEY_SIGNIN`: whether the login page offers API-key sign-in. */
  keySignin: boolean;
  /** `RUNWATCH_PUBLIC_URL` (no trailing slash), where the provider sends the user after logout. */
  publicUrl: string | null;
}

/** The login page's refusal messages: `denied` (no role: ask an admin) or `failed` (anything else). */
const LOGIN_PAGE = "/login";

/** Registers the routes. */
export async function oidcRoutes(app: FastifyInstance, deps: OidcRoutesDeps): Promise<void> {
  const { store, clock, audit, sso } = deps;
  const signIn = { config: { access: "public" as const, rateBudget: "signIn" as const } };
  const configured = () => {
    if (!sso.oidc || !sso.client)
      throw new HttpError(404, "sso_not_configured", "single sign-on is not configured");
    return { oidc: sso.oidc, rp: sso.client };
  };

  app.get("/api/v1/auth/providers", { config: { access: "public" } }, async () => ({
    sso: sso.oidc ? { name: sso.oidc.name, start: "/api/v1/auth/oidc/start" } : null,
    keySignin: deps.keySignin,
  }));

  app.get<{ Querystring: { returnTo?: unknown } }>(
    "/api/v1/auth/oidc/start",
    signIn,
    async (request, reply) => {
      const { oidc, rp } = configured();
      const url = await beginLogin(oidc, rp, store, safeReturnTo(request.query.returnTo), clock.now());
      return redirect(request, reply, url.toString());
    },
  );

  app.get("/api/v1/auth/oidc/callback", signIn, async (request, reply) => {
    const { oidc, rp } = configured();
    const now = clock.now();
    const query = request.url.includes("?") ? request.url.slice(request.url.indexOf("?") + 1) : "";
    const outcome = await finishLogin(oidc, rp, store, query, now);
    if (!outcome.ok) {
      // The user who has no role is recorded too, so an admin can see who asked and with which groups.
      const { refused } = outcome;
      if (outcome.subject && refused)
        await store.upsertUser(
          {
            issuer: oidc.issuer,
            subject: outcome.subject,
            kind: "person",
            name: refused.name,
            email: refused.email,
            groups: refused.groups,
            role: "deny",
          },
          now,
        );
      await audit.record({
        actor: "anonymous",
        action: "auth.signin.failure",
        ip: request.ip,
        details: {
          via: "oidc",
          reason: outcome.reason,
          ...(outcome.subject ? { subject: outcome.subject } : {}),
          ...(refused ? { role: refused.decision.role, rule: refused.decision.matched } : {}),
        },
      });
      return redirect(
        request,
        reply,
        `${LOGIN_PAGE}?sso=${outcome.reason === "no_role" ? "denied" : "failed"}`,
      );
    }
    const { user } = await store.upsertUser(
      {
        issuer: oidc.issuer,
        subject: outcome.subject,
        kind: "person",
        name: outcome.name,
        email: outcome.email,
        groups: outcome.groups,
        role: outcome.decision.role,
      },
      now,
    );
    const session = await store.createUserSession(user.id, outcome.idToken, deps.sessionTtlMs, now);
    await audit.record({
      actor: user.id,
      action: "auth.signin.success",
      target: session.id,
      ip: request.ip,
      details: {
        via: "oidc",
        subject: outcome.subject,
        role: outcome.decision.role,
        rule: outcome.decision.matched,
        groups: outcome.groups,
      },
    });
    reply.header(
      "set-cookie",
      sessionCookie(session.token, deps.sessionTtlMs / 1000, request.protocol === "https"),
    );
    return redirect(request, reply, outcome.returnTo);
  });

  app.post("/api/v1/auth/oidc/logout", { config: { access: "public" } }, async (request, reply) => {
    const idToken = await endSession(request, deps);
    reply.header("set-cookie", clearedSessionCookie(request.protocol === "https"));
    const provider =
      sso.client && idToken !== undefined
        ? endSessionUrl(sso.client, idToken, `${deps.publicUrl ?? ""}${LOGIN_PAGE}`)
        : null;
    return reply.header("cache-control", "no-store").send({ signedOut: true, redirect: provider });
  });

  const admin = { config: { access: "admin" as const } };
  app.get("/api/v1/users", admin, async () => ({
    items: await store.listUsers(clock.now()),
    sso: sso.oidc
      ? {
          name: sso.oidc.name,
          issuer: sso.oidc.issuer,
          roleClaim: sso.oidc.roleClaim,
          rules: sso.oidc.roleRules,
          defaultRole: sso.oidc.defaultRole,
          audience: sso.oidc.audience,
          keySignin: deps.keySignin,
        }
      : null,
  }));

  app.delete<{ Params: { id: string } }>("/api/v1/users/:id/sessions", admin, async (request) => {
    const { id } = request.params;
    const revoked = await store.revokeUserSessions(id, clock.now());
    // Live sockets of this user close too (their principal's keyId is the user id).
    deps.events.emit("credential.revoked", { keyId: id });
    await audit.record({
      actor: request.principal?.keyId ?? "anonymous",
      action: "session.revoked",
      target: id,
      ip: request.ip,
      details: { user: id, sessions: revoked },
    });
    return { revoked };
  });
}

/**
 * Ends the caller's session (a single sign-on one or a key one) and audits it.
 * @returns the session's ID token (null when none was kept) for a single sign-on session; undefined otherwise.
 */
async function endSession(request: FastifyRequest, deps: OidcRoutesDeps): Promise<string | null | undefined> {
  const p = request.principal;
  if (!p?.sessionId) return undefined;
  const now = deps.clock.now();
  let idToken: string | null | undefined;
  if (p.userId) {
    const ended = await deps.store.revokeUserSession(p.sessionId, now);
    idToken = ended?.idToken ?? null;
  } else {
    await deps.store.revokeSession(p.sessionId, now);
  }
  deps.events.emit("credential.revoked", { sessionId: p.sessionId });
  await deps.audit.record({ actor: p.keyId, action: "auth.signout", target: p.sessionId, ip: request.ip });
  return idToken;
}

/**
 * A browser gets a 302; a client asking only for JSON (`Accept: application/json`, a script
 * or the CLI driving the flow) gets 200 `{ location }` and follows it itself.
 */
function redirect(request: FastifyRequest, reply: FastifyReply, location: string): FastifyReply {
  reply.header("cache-control", "no-store");
  const accept = request.headers.accept ?? "";
  if (accept.includes("application/json") && !accept.includes("text/html"))
    return reply.code(200).send({ location });
  return reply.redirect(location, 302);
}

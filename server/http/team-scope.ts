/**
 * `request.scope`: the team scope of the caller (see `lib/teams.ts`), worked
 * out once per request after access control. Every read route passes it to
 * the store, which filters in SQL; null means unscoped (admins, keys without
 * teams, the local demo mode).
 */
import type { FastifyInstance } from "fastify";
import type { TeamScope } from "../../lib/teams";
import type { TeamDirectory } from "../auth/team-directory";

declare module "fastify" {
  interface FastifyRequest {
    /** The caller's team scope; null when unscoped. Set before the handler runs. */
    scope: TeamScope;
  }
}

/** Installs the hook on `app` (not inside a plugin, so it covers every route). */
export function installTeamScope(app: FastifyInstance, directory: TeamDirectory): void {
  app.decorateRequest("scope", null);
  app.addHook("preHandler", async (request) => {
    const teams = request.principal?.teams ?? null;
    request.scope = teams === null ? null : await directory.scopeOf(teams);
  });
}

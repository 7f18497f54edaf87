/**
 * Teams, managed by admins: `/api/v1/teams` (list, create, replace, delete)
 * and `PATCH /api/v1/keys/:id` (a key's teams). Every change is audited and
 * takes effect on this node at once (the directory's cache is dropped).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { apiKeyUpdateSchema } from "../../lib/auth";
import { teamInputSchema, teamUpdateSchema, type Team } from "../../lib/teams";
import type { AuditRecorder } from "../auth/audit";
import type { TeamDirectory } from "../auth/team-directory";
import type { Clock } from "../domain/clock";
import type { DomainEvents } from "../domain/events";
import type { AuthStore } from "../store/store";
import { HttpError } from "./errors";
import { parseBody } from "./validate";

/** Dependencies of the team routes. */
export interface TeamRoutesDeps {
  store: AuthStore;
  clock: Clock;
  audit: AuditRecorder;
  directory: TeamDirectory;
  /** Told of every scope change (`scope.changed`): the sockets it scoped are ended. */
  events: DomainEvents;
}

const actor = (request: FastifyRequest) => request.principal?.keyId ?? "anonymous";

const noTeam = (name: string) =>
  new HttpError(404, "not_found", `no team named ${JSON.stringify(name)}`, "name");

/**
 * @throws HttpError 400 naming `teams` when one of `names` is not a team.
 */
export async function checkTeamsExist(
  store: Pick<AuthStore, "listTeams">,
  names: readonly string[],
): Promise<void> {
  if (names.length === 0) return;
  const known = new Set((await store.listTeams()).map((t) => t.name));
  const unknown = names.find((name) => !known.has(name));
  if (unknown !== undefined) {
    throw new HttpError(400, "invalid_body", `teams: no team named ${JSON.stringify(unknown)}`, "teams");
  }
}

/** Registers the team routes (admin scope). */
export async function teamRoutes(
  app: FastifyInstance,
  { store, clock, audit, directory, events }: TeamRoutesDeps,
): Promise<void> {
  const admin = { config: { access: "admin" as const } };

  app.get("/api/v1/teams", admin, async () => ({ items: await store.listTeams() }));

  app.get<{ Params: { name: string } }>("/api/v1/teams/:name", admin, async (request) => {
    const team = await store.getTeam(request.params.name);
    if (!team) throw noTeam(request.params.name);
    return team;
  });

  app.post("/api/v1/teams", admin, async (request, reply) => {
    const team: Team = parseBody(teamInputSchema, request.body);
    if (!(await store.createTeam(team, clock.now()))) {
      throw new HttpError(409, "conflict", `a team named ${JSON.stringify(team.name)} exists`, "name");
    }
    directory.invalidate();
    // Users' teams come from the teams' groups: any signed-in user's scope may have changed.
    events.emit("scope.changed", { users: true });
    await audit.record({
      actor: actor(request),
      action: "team.created",
      target: team.name,
      ip: request.ip,
      details: { ...team },
    });
    return reply.code(201).send(team);
  });

  app.put<{ Params: { name: string } }>("/api/v1/teams/:name", admin, async (request) => {
    const team: Team = { name: request.params.name, ...parseBody(teamUpdateSchema, request.body) };
    if (!(await store.updateTeam(team, clock.now()))) throw noTeam(team.name);
    directory.invalidate();
    // Users' teams come from the teams' groups: any signed-in user's scope may have changed.
    events.emit("scope.changed", { users: true });
    await audit.record({
      actor: actor(request),
      action: "team.updated",
      target: team.name,
      ip: request.ip,
      details: { ...team },
    });
    return team;
  });

  app.delete<{ Params: { name: string } }>("/api/v1/teams/:name", admin, async (request, reply) => {
    const { name } = request.params;
    if (!(await store.deleteTeam(name))) throw noTeam(name);
    directory.invalidate();
    // Users' teams come from the teams' groups: any signed-in user's scope may have changed.
    events.emit("scope.changed", { users: true });
    await audit.record({ actor: actor(request), action: "team.deleted", target: name, ip: request.ip });
    return reply.code(204).send();
  });

  app.patch<{ Params: { id: string } }>("/api/v1/keys/:id", admin, async (request) => {
    const { id } = request.params;
    const { teams } = parseBody(apiKeyUpdateSchema, request.body);
    await checkTeamsExist(store, teams);
    if (!(await store.setApiKeyTeams(id, teams))) {
      throw new HttpError(404, "not_found", `no active key with id ${JSON.stringify(id)}`, "id");
    }
    await audit.record({
      actor: actor(request),
      action: "key.updated",
      target: id,
      ip: request.ip,
      details: { teams },
    });
    // The key's live sockets joined the rooms of its old teams: they are ended and reconnect with the new.
    events.emit("scope.changed", { keyId: id });
    return store.getApiKey(id);
  });
}

/** API keys and dashboard sessions, managed by admins: `/api/v1/keys`, `/api/v1/sessions`. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { newApiKeySchema, type CreatedApiKey } from "../../lib/auth";
import type { AuditRecorder } from "../auth/audit";
import type { Clock } from "../domain/clock";
import type { DomainEvents } from "../domain/events";
import type { AuthStore } from "../store/store";
import { HttpError } from "./errors";
import { checkTeamsExist } from "./team-routes";
import { parseBody } from "./validate";

/** Dependencies of the admin routes. */
export interface AdminRoutesDeps {
  store: AuthStore;
  clock: Clock;
  audit: AuditRecorder;
  events: DomainEvents;
}

const actor = (request: FastifyRequest) => request.principal?.keyId ?? "anonymous";

/** Registers the key and session routes (admin scope). */
export async function adminRoutes(
  app: FastifyInstance,
  { store, clock, audit, events }: AdminRoutesDeps,
): Promise<void> {
  const admin = { config: { access: "admin" as const } };

  app.get("/api/v1/keys", admin, async () => ({ items: await store.listApiKeys() }));

  app.post("/api/v1/keys", admin, async (request, reply) => {
    const input = parseBody(newApiKeySchema, request.body);
    await checkTeamsExist(store, input.teams ?? []);
    const created = await store.createApiKey({ ...input, createdBy: actor(request) }, clock.now());
    await audit.record({
      actor: actor(request),
      action: "key.created",
      target: created.key.id,
      ip: request.ip,
      details: { name: created.key.name, scopes: created.key.scopes, teams: created.key.teams },
    });
    const body: CreatedApiKey = created;
    return reply.code(201).header("cache-control", "no-store").send(body);
  });

  app.delete<{ Params: { id: string } }>("/api/v1/keys/:id", admin, async (request, reply) => {
    const { id } = request.params;
    if (!(await store.revokeApiKey(id, clock.now()))) {
      throw new HttpError(404, "not_found", `no active key with id ${JSON.stringify(id)}`, "id");
    }
    events.emit("credential.revoked", { keyId: id });
    await audit.record({ actor: actor(request), action: "key.revoked", target: id, ip: request.ip });
    return reply.code(204).send();
  });

  app.get("/api/v1/sessions", admin, async () => ({ items: await store.listSessions() }));

  app.delete<{ Params: { id: string } }>("/api/v1/sessions/:id", admin, async (request, reply) => {
    const { id } = request.params;
    if (!(await store.revokeSession(id, clock.now()))) {
      throw new HttpError(404, "not_found", `no active session with id ${JSON.stringify(id)}`, "id");
    }
    events.emit("credential.revoked", { sessionId: id });
    await audit.record({ actor: actor(request), action: "session.revoked", target: id, ip: request.ip });
    return reply.code(204).send();
  });
}

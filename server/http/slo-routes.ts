/**
 * `/api/v1/slos`: CI service-level objectives. Reading needs the read scope;
 * creating, replacing and deleting need admin and are audited. SLOs from
 * `RUNWATCH_SLO_FILE` are listed too but cannot be changed here (409).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AuditAction } from "../../lib/auth";
import { sloInputSchema, type Slo, type SloInput, type SloStatus } from "../../lib/slo";
import type { AuditRecorder } from "../auth/audit";
import type { Clock } from "../domain/clock";
import { toSlo, type SloRegistry } from "../slo/slo-registry";
import type { AlertConfigStore, SloStore } from "../store/store";
import { notFound, parseAlertBody } from "./alert-input";
import { HttpError } from "./errors";
import { sloVisible } from "../auth/team-reach";

/** Dependencies of the SLO routes. */
export interface SloRoutesDeps {
  store: Pick<SloStore, "createSlo" | "replaceSlo" | "deleteSlo" | "poolKnown"> &
    Pick<AlertConfigStore, "listChannels">;
  registry: SloRegistry;
  clock: Clock;
  audit: AuditRecorder;
}

const actor = (request: FastifyRequest) => request.principal?.keyId ?? "anonymous";

/**
 * Parses an SLO body; a pool that no job or pool setting names is refused.
 * @throws HttpError 400 naming the field.
 */
async function parseSlo(store: SloRoutesDeps["store"], body: unknown): Promise<SloInput> {
  const input = parseAlertBody(sloInputSchema, body);
  const { objective } = input;
  if (objective.kind === "queue_time_p95" && !(await store.poolKnown(objective.pool))) {
    throw new HttpError(
      400,
      "invalid_body",
      `objective.pool names no known pool: ${JSON.stringify(objective.pool)} (see GET /api/v1/metrics/queue)`,
      "objective.pool",
    );
  }
  if (input.channels && input.channels.length > 0) {
    const known = new Set((await store.listChannels()).map((c) => c.id));
    const unknown = input.channels.find((id) => !known.has(id));
    if (unknown !== undefined)
      throw new HttpError(
        400,
        "invalid_body",
        `channels names no channel with id ${JSON.stringify(unknown)}`,
        "channels",
      );
  }
  return input;
}

const readOnly = (id: string) =>
  new HttpError(409, "read_only", `SLO ${JSON.stringify(id)} comes from RUNWATCH_SLO_FILE: change it there`);

/** Registers the SLO routes. */
export async function sloRoutes(
  app: FastifyInstance,
  { store, registry, clock, audit }: SloRoutesDeps,
): Promise<void> {
  const read = { config: { access: "read" as const } };
  const admin = { config: { access: "admin" as const } };
  type ById = { Params: { id: string } };
  const find = async (id: string): Promise<Slo> => {
    const slo = await registry.get(id);
    if (!slo) throw notFound("SLO", id);
    return slo;
  };
  const record = (
    request: FastifyRequest,
    action: AuditAction,
    slo: Pick<Slo, "id" | "name" | "objective">,
  ) =>
    audit.record({
      actor: actor(request),
      action,
      target: slo.id,
      ip: request.ip,
      details: { name: slo.name, objective: slo.objective.kind },
    });

  // A scoped caller sees only SLOs nothing outside its teams reaches (`team-reach.ts`); others are unknown to it.
  app.get("/api/v1/slos", read, async (request): Promise<{ items: SloStatus[] }> => {
    const now = clock.now();
    const items: SloStatus[] = [];
    for (const slo of await registry.list())
      if (sloVisible(request.scope, slo.objective)) items.push(await registry.status(slo, now));
    return { items };
  });

  app.post("/api/v1/slos", admin, async (request, reply) => {
    const input = await parseSlo(store, request.body);
    const slo = toSlo(await store.createSlo(input, clock.now()));
    await record(request, "slo.created", slo);
    return reply
      .code(201)
      .header("location", `/api/v1/slos/${encodeURIComponent(slo.id)}`)
      .send(slo);
  });

  app.get<ById>("/api/v1/slos/:id", read, async (request): Promise<SloStatus> => {
    const slo = await find(request.params.id);
    if (!sloVisible(request.scope, slo.objective)) throw notFound("SLO", request.params.id);
    return registry.status(slo, clock.now());
  });

  app.put<ById>("/api/v1/slos/:id", admin, async (request): Promise<Slo> => {
    const stored = await find(request.params.id);
    if (registry.isFileSlo(stored.id)) throw readOnly(stored.id);
    const input = await parseSlo(store, request.body);
    const replaced = await store.replaceSlo(stored.id, input, clock.now());
    if (!replaced) throw notFound("SLO", stored.id);
    const slo = toSlo(replaced);
    await record(request, "slo.updated", slo);
    return slo;
  });

  app.delete<ById>("/api/v1/slos/:id", admin, async (request, reply) => {
    const stored = await find(request.params.id);
    if (registry.isFileSlo(stored.id)) throw readOnly(stored.id);
    if (!(await store.deleteSlo(stored.id))) throw notFound("SLO", stored.id);
    await record(request, "slo.deleted", stored);
    return reply.code(204).send();
  });
}

/**
 * Runner pools and hosted usage: `GET /api/v1/usage` (job minutes and cost
 * per pool and repository), `GET /api/v1/pools` (the kinds set per pool) and
 * `PUT /api/v1/pools/{pool}/kind` (admins set or clear a pool's kind).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  poolKindInputSchema,
  usageQuerySchema,
  type PoolKindListResponse,
  type UsageResponse,
} from "../../lib/usage";
import type { AuditRecorder } from "../auth/audit";
import type { Clock } from "../domain/clock";
import type { DomainEvents } from "../domain/events";
import { poolKindOf } from "../domain/runner-kind";
import { usageAnswer } from "../domain/usage";
import { windowRange } from "../metrics/window";
import type { FleetReads } from "../store/store";
import { HttpError } from "./errors";
import { visibleUsage } from "./team-filters";
import { parseBody, parseQuery } from "./validate";
import { poolVisible } from "../auth/team-reach";

/** Options of the usage routes. */
export interface UsageRoutesOptions {
  store: Pick<FleetReads, "listPoolKinds" | "setPoolKind" | "usage">;
  clock: Clock;
  audit: AuditRecorder;
  events: DomainEvents;
  /** Price per minute by runner type (`RUNWATCH_RUNNER_PRICES`). */
  runnerPrices: Record<string, number>;
}

/** Longest pool name accepted: pools are runner labels joined, never essays. */
const MAX_POOL_LENGTH = 500;

const actor = (request: FastifyRequest) => request.principal?.keyId ?? "anonymous";

/** Registers the usage and pool-kind routes. */
export async function usageRoutes(app: FastifyInstance, options: UsageRoutesOptions): Promise<void> {
  const { store, clock } = options;
  const read = { config: { access: "read" as const } };
  const admin = { config: { access: "admin" as const } };
  const prices = new Map(Object.entries(options.runnerPrices));

  app.get("/api/v1/usage", read, async (request): Promise<UsageResponse> => {
    const query = parseQuery(usageQuerySchema, request.query);
    const now = clock.now();
    const { from, to } = windowRange(query.window, now);
    const [all, set] = await Promise.all([store.usage(from, to), store.listPoolKinds()]);
    const rows = visibleUsage(all, request.scope);
    const kinds = new Map(set.map((p) => [p.pool, p.kind]));
    return usageAnswer(query.source ? rows.filter((r) => r.source === query.source) : rows, {
      window: query.window,
      from,
      to: now,
      kindOf: (pool, hosted) => poolKindOf(pool, kinds, hosted ? new Set([pool]) : new Set()),
      prices,
      hostedOnly: query.kind === "hosted",
    });
  });

  app.get("/api/v1/pools", read, async (request): Promise<PoolKindListResponse> => {
    const items = (await store.listPoolKinds()).filter((p) => poolVisible(request.scope, p.pool));
    return {
      items: items.map((p) => ({
        pool: p.pool,
        kind: p.kind,
        updatedAt: new Date(p.updatedAt).toISOString(),
      })),
    };
  });

  app.put<{ Params: { pool: string } }>("/api/v1/pools/:pool/kind", admin, async (request) => {
    const pool = request.params.pool;
    if (pool.trim() === "" || pool.length > MAX_POOL_LENGTH)
      throw new HttpError(400, "invalid_params", `pool must be 1 to ${MAX_POOL_LENGTH} characters`, "pool");
    const { kind } = parseBody(poolKindInputSchema, request.body);
    const changed = await store.setPoolKind(pool, kind, clock.now());
    await options.audit.record({
      actor: actor(request),
      action: "pool.kind_set",
      target: pool,
      ip: request.ip,
      details: { kind, runners: changed.length },
    });
    // Open dashboards see the pool's runners change kind (and retire or come back) at once.
    for (const runner of changed) options.events.emit("runner.changed", { runner, previous: null });
    return { pool, kind, runners: changed.length };
  });
}

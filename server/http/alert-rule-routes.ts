/**
 * `/api/v1/alert-rules`: what to alert on, provisioned as code. Reading needs
 * the read scope; changes need admin. Rules are stored as posted and shown
 * with every kind default filled in (`resolveRule`), so defaults can improve
 * without rewriting rows. Enable and disable with `PATCH { enabled }`.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  alertRuleInputSchema,
  alertRulePatchSchema,
  hasWildcard,
  type AlertRule,
  type AlertRuleInput,
} from "../../lib/alerts";
import { mergeRulePatch, resolveRule } from "../alerts/config";
import type { AuditRecorder } from "../auth/audit";
import { ruleVisible } from "../auth/team-reach";
import type { Clock } from "../domain/clock";
import type { AlertConfigStore, ConfigRecord } from "../store/store";
import { isoTimes, notFound, parseAlertBody } from "./alert-input";
import { HttpError } from "./errors";

/** Resolves a rule's open alerts, recorded with `reason`; resolves with how many it closed. */
export type CloseRuleAlerts = (rule: AlertRule, reason: "rule disabled" | "rule deleted") => Promise<number>;

/** Dependencies of the rule routes. */
export interface RuleRoutesDeps {
  store: AlertConfigStore;
  clock: Clock;
  audit: AuditRecorder;
  /** Closes the open alerts of a rule that was disabled or deleted; without it they stay open. */
  closeAlerts?: CloseRuleAlerts;
  /** Every SLO (an slo_burn rule's exact `match.slo` must name one); without it any is taken. */
  listSlos?: () => Promise<readonly { id: string; name: string }[]>;
}

const actor = (request: FastifyRequest) => request.principal?.keyId ?? "anonymous";

/** A stored rule as the API shows it. */
export const toAlertRule = (record: ConfigRecord<AlertRuleInput>): AlertRule => ({
  id: record.id,
  ...resolveRule(record.input),
  ...isoTimes(record),
});

const described = ({ input }: ConfigRecord<AlertRuleInput>) => ({
  name: input.name,
  kind: input.kind,
  enabled: input.enabled,
});

/**
 * Refuses channel ids that name no channel. Only `added` ids are checked: a
 * rule keeps the id of a channel deleted since (it skips it), and editing
 * something else on that rule must still work.
 * @throws HttpError 400 naming `channels`.
 */
async function requireChannels(store: AlertConfigStore, added: readonly string[]): Promise<void> {
  if (added.length === 0) return;
  const known = new Set((await store.listChannels()).map((c) => c.id));
  const unknown = added.find((id) => !known.has(id));
  if (unknown !== undefined) {
    throw new HttpError(
      400,
      "invalid_body",
      `channels names no channel with id ${JSON.stringify(unknown)}`,
      "channels",
    );
  }
}

/**
 * Refuses an slo_burn rule whose `match.slo` has no wildcard yet names no SLO
 * by id or name (a typo would otherwise watch nothing, silently). A pattern
 * with wildcards is taken as is: it may be meant for SLOs declared later.
 * @throws HttpError 400 naming `match.slo`.
 */
async function requireSlo(listSlos: RuleRoutesDeps["listSlos"], input: AlertRuleInput): Promise<void> {
  const pattern = input.match?.slo;
  if (!listSlos || input.kind !== "slo_burn" || pattern === undefined || hasWildcard(pattern)) return;
  const wanted = pattern.replace(/\\(.)/gsu, "$1");
  if ((await listSlos()).some((slo) => slo.id === wanted || slo.name === wanted)) return;
  throw new HttpError(
    400,
    "invalid_body",
    `match.slo names no SLO with id or name ${JSON.stringify(wanted)}`,
    "match.slo",
  );
}

/** Registers the rule routes. */
export async function ruleRoutes(
  app: FastifyInstance,
  { store, clock, audit, closeAlerts, listSlos }: RuleRoutesDeps,
): Promise<void> {
  const read = { config: { access: "read" as const } };
  const admin = { config: { access: "admin" as const } };
  type ById = { Params: { id: string } };
  const find = async (id: string) => {
    const record = await store.getRule(id);
    if (!record) throw notFound("alert rule", id);
    return record;
  };

  // A scoped caller sees only rules whose match cannot reach outside its teams (`team-reach.ts`).
  app.get("/api/v1/alert-rules", read, async (request): Promise<{ items: AlertRule[] }> => {
    const records = await store.listRules();
    return { items: records.map(toAlertRule).filter((rule) => ruleVisible(request.scope, rule)) };
  });

  app.post("/api/v1/alert-rules", admin, async (request, reply) => {
    const input = parseAlertBody(alertRuleInputSchema, request.body);
    await requireChannels(store, input.channels);
    await requireSlo(listSlos, input);
    const record = await store.createRule(input, clock.now());
    await audit.record({
      actor: actor(request),
      action: "rule.created",
      target: record.id,
      ip: request.ip,
      details: described(record),
    });
    const body: AlertRule = toAlertRule(record);
    return reply
      .code(201)
      .header("location", `/api/v1/alert-rules/${encodeURIComponent(record.id)}`)
      .send(body);
  });

  app.get<ById>("/api/v1/alert-rules/:id", read, async (request): Promise<AlertRule> => {
    const rule = toAlertRule(await find(request.params.id));
    if (!ruleVisible(request.scope, rule)) throw notFound("alert rule", request.params.id);
    return rule;
  });

  app.patch<ById>("/api/v1/alert-rules/:id", admin, async (request): Promise<AlertRule> => {
    const patch = parseAlertBody(alertRulePatchSchema, request.body);
    const stored = await find(request.params.id);
    // Kind-specific checks need the whole rule: validate the merged result.
    const input = parseAlertBody(alertRuleInputSchema, mergeRulePatch(stored.input, patch));
    await requireChannels(
      store,
      input.channels.filter((id) => !stored.input.channels.includes(id)),
    );
    // As with channels, only a changed pattern is checked: an SLO deleted since must not block edits.
    if (input.match?.slo !== stored.input.match?.slo) await requireSlo(listSlos, input);
    const record = await store.replaceRule(stored.id, input, clock.now());
    if (!record) throw notFound("alert rule", stored.id);
    const rule = toAlertRule(record);
    // A disabled rule watches nothing: what it had open would otherwise fire forever.
    const disabled = toAlertRule(stored).enabled && !rule.enabled;
    const resolvedAlerts = disabled && closeAlerts ? await closeAlerts(rule, "rule disabled") : 0;
    await audit.record({
      actor: actor(request),
      action: "rule.updated",
      target: record.id,
      ip: request.ip,
      details: { ...described(record), changed: Object.keys(patch), resolvedAlerts },
    });
    return rule;
  });

  app.delete<ById>("/api/v1/alert-rules/:id", admin, async (request, reply) => {
    const stored = await find(request.params.id);
    if (!(await store.deleteRule(stored.id))) throw notFound("alert rule", stored.id);
    const resolvedAlerts = closeAlerts ? await closeAlerts(toAlertRule(stored), "rule deleted") : 0;
    await audit.record({
      actor: actor(request),
      action: "rule.deleted",
      target: stored.id,
      ip: request.ip,
      details: { ...described(stored), resolvedAlerts },
    });
    return reply.code(204).send();
  });
}

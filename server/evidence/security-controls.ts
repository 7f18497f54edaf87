/**
 * The security section of the evidence: webhook authentication per source,
 * who can reach which route, API keys, sessions, failed sign-ins and rate
 * limits, and the transport settings in force. The status rules are
 * documented in docs/evidence.md; change both together.
 */
import type { ApiKey } from "../../lib/auth";
import type { EvidenceControl } from "../../lib/evidence";
import { DELIVERY_VERDICTS } from "./delivery-window";
import { daysBetween, type EvidenceDeps, type EvidenceSpan } from "./evidence-deps";

/** A key older than this without being replaced is "unrotated". */
export const ROTATE_AFTER_DAYS = 90;
/** A key never used this long after creation is flagged. */
export const UNUSED_AFTER_DAYS = 30;
/** This many failed sign-ins in a window need a look. */
export const FAILED_SIGN_IN_ATTENTION = 5;

/** Webhook authentication per source, with accepted and refused counts and the last refusals. */
export function webhookAuthControl(deps: EvidenceDeps, span: EvidenceSpan): EvidenceControl {
  const window = deps.deliveries.read(span.since);
  const rows = deps.sources.map(({ source, configured }) => {
    const counts = window.get(source)?.counts;
    const row: Record<string, string | number | boolean | null> = {
      source,
      signatureRequired: true,
      configured,
    };
    for (const verdict of DELIVERY_VERDICTS) row[verdict] = counts?.[verdict] ?? 0;
    return row;
  });
  const refusals = deps.sources.flatMap(({ source }) =>
    deps.deliveries.lastRefusals(source).map((r) => ({
      source,
      at: new Date(r.at).toISOString(),
      verdict: r.verdict,
      reason: r.reason,
    })),
  );
  refusals.sort((a, b) => b.at.localeCompare(a.at));
  const unconfiguredReceiving = rows.filter(
    (r) => r.configured === false && DELIVERY_VERDICTS.some((v) => Number(r[v]) > 0),
  );
  const refused = rows.reduce((n, r) => n + Number(r.badSignature) + Number(r.staleTimestamp), 0);
  return {
    id: "security.webhook-auth",
    title: "Webhooks are authenticated",
    status: unconfiguredReceiving.length > 0 ? "fail" : refused > 0 ? "attention" : "pass",
    figures: {
      sources: rows,
      refusedForSignature: refused,
      sourcesWithoutSecretReceiving: unconfiguredReceiving.map((r) => String(r.source)).join(", ") || null,
      lastRefusals: refusals.slice(0, 10),
    },
    measured:
      "Every delivery's verdict is counted as the ingest service answers it (signature, timestamp and secret " +
      "checks run on the raw bytes before anything is parsed); refusals for load are counted from 429/503 " +
      "answers on webhook routes. Counted in memory since this server started, per hour.",
  };
}

/** Which routes need authentication, read from the route table the server registered. */
export function routesControl(deps: EvidenceDeps): EvidenceControl {
  const routes = deps.routes().filter((r) => r.method !== "OPTIONS" && r.access !== "page");
  const open = routes.filter((r) => r.access === "public").map((r) => ({ method: r.method, url: r.url }));
  const byAccess = new Map<string, number>();
  for (const route of routes) byAccess.set(route.access, (byAccess.get(route.access) ?? 0) + 1);
  const metricsOpen = deps.settings.metricsPublic;
  return {
    id: "security.routes",
    title: "Routes and live events require authentication",
    status: !deps.settings.authRequired ? "fail" : metricsOpen ? "attention" : "pass",
    figures: {
      routes: routes.length,
      authenticated: routes.length - open.length - (byAccess.get("webhook") ?? 0),
      webhookSigned: byAccess.get("webhook") ?? 0,
      public: open,
      byAccess: [...byAccess].map(([access, count]) => ({ access, count })),
      authRequired: deps.settings.authRequired,
      socketConnectionsRequireAuth: deps.settings.authRequired,
      prometheusPublic: metricsOpen,
    },
    measured:
      "Read from the server's own route table (each route declares its access level; an undeclared one is " +
      "admin-only), so the list cannot drift from the code. Socket.IO connections pass the same credential " +
      "check as the read API before any event is sent.",
  };
}

/** API keys by scope, age and use; never-used and unrotated keys. */
export async function keysControl(deps: EvidenceDeps, span: EvidenceSpan): Promise<EvidenceControl> {
  const keys = (await deps.store.listApiKeys()).filter((k) => k.revokedAt === null);
  const age = (k: ApiKey) => daysBetween(Date.parse(k.createdAt), span.now);
  const unrotated = keys.filter((k) => age(k) > ROTATE_AFTER_DAYS);
  const neverUsed = keys.filter((k) => k.lastUsedAt === null);
  const staleUnused = neverUsed.filter((k) => age(k) > UNUSED_AFTER_DAYS);
  const byScope = new Map<string, number>();
  for (const key of keys) for (const scope of key.scopes) byScope.set(scope, (byScope.get(scope) ?? 0) + 1);
  const flagged = [...new Set([...unrotated, ...staleUnused])].map((k) => ({
    id: k.id,
    name: k.name,
    scopes: k.scopes.join(","),
    ageDays: age(k),
    lastUsedAt: k.lastUsedAt,
  }));
  return {
    id: "security.api-keys",
    title: "API keys are scoped, used and rotated",
    status: unrotated.length > 0 || staleUnused.length > 0 ? "attention" : "pass",
    figures: {
      activeKeys: keys.length,
      byScope: [...byScope].map(([scope, count]) => ({ scope, count })),
      neverUsed: neverUsed.length,
      unrotatedOver90Days: unrotated.length,
      oldestKeyDays: keys.length > 0 ? Math.max(...keys.map(age)) : null,
      flagged,
    },
    measured:
      `Unrevoked keys from the key table: age from creation, last use recorded to the minute on each ` +
      `authenticated request. Unrotated: older than ${ROTATE_AFTER_DAYS} days; flagged unused: never used ` +
      `${UNUSED_AFTER_DAYS} days after creation.`,
  };
}

/** Sessions active now, and sign-in failures and rate-limit trips over the window. */
export async function signInControl(deps: EvidenceDeps, span: EvidenceSpan): Promise<EvidenceControl> {
  const [sessions, actions] = await Promise.all([
    deps.store.listSessions({ activeAt: span.now }),
    deps.store.countAuditActions(span.since),
  ]);
  const total = (action: Parameters<typeof actions.get>[0]) => {
    const count = actions.get(action);
    return (count?.entries ?? 0) + (count?.suppressed ?? 0);
  };
  const failed = total("auth.signin.failure");
  const trips = total("ratelimit.tripped");
  return {
    id: "security.sign-in",
    title: "Sign-in failures and rate limits are visible",
    status: failed >= FAILED_SIGN_IN_ATTENTION || trips > 0 ? "attention" : "pass",
    figures: {
      activeSessions: sessions.length,
      sessionLifetimeHours: deps.settings.sessionTtlMs / 3_600_000,
      signInsSucceeded: total("auth.signin.success"),
      signInsFailed: failed,
      rateLimitTrips: trips,
      webhookSignatureFailuresAudited: total("webhook.signature_failed"),
      rateLimitsPerMinute: Object.entries(deps.settings.rateLimits)
        .map(([budget, perMinute]) => `${budget} ${perMinute}`)
        .join(", "),
    },
    measured:
      "Active sessions from the session table; the rest counted from the audit log over the window " +
      "(repeats the recorder folded into one entry, `suppressedBefore`, are added back).",
  };
}

/** TLS, HSTS and reverse-proxy trust in force. */
export function transportControl(deps: EvidenceDeps): EvidenceControl {
  const { tls, publicUrl, trustProxy } = deps.settings;
  const httpsPublic = publicUrl?.startsWith("https:") ?? false;
  return {
    id: "security.transport",
    title: "Traffic is encrypted in transit",
    status: tls !== null || httpsPublic ? "pass" : "attention",
    figures: {
      tlsServedHere: tls !== null,
      publicUrl,
      hsts: httpsPublic,
      trustProxy: Array.isArray(trustProxy) ? trustProxy.join(", ") : String(trustProxy),
      requestTimeoutSeconds: deps.settings.requestTimeoutMs / 1000,
      signatureToleranceSeconds: deps.settings.signatureToleranceMs / 1000,
    },
    measured:
      "The settings in force (RUNWATCH_TLS_*, RUNWATCH_PUBLIC_URL, RUNWATCH_TRUST_PROXY). Without TLS here " +
      "and without an https public URL Runwatch cannot tell whether a proxy encrypts: the operator must show it.",
  };
}

/** Every security control, in page order. */
export async function securityControls(deps: EvidenceDeps, span: EvidenceSpan): Promise<EvidenceControl[]> {
  return [
    webhookAuthControl(deps, span),
    routesControl(deps),
    await keysControl(deps, span),
    await signInControl(deps, span),
    transportControl(deps),
  ];
}

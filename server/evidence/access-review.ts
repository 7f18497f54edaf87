/**
 * The access review: every unrevoked API key and every active dashboard
 * session (signed in with a key, or with single sign-on) with its scope or
 * role, creator and last use, and the last recorded review.
 * Revoking goes through the existing key and session routes.
 */
import type { AccessReview } from "../../lib/evidence";
import type { AuditRecorder } from "../auth/audit";
import type { Store } from "../store/store";
import { daysBetween } from "./evidence-deps";

/** What the review reads. */
export type AccessReviewStore = Pick<
  Store,
  "listApiKeys" | "listSessions" | "listUserSessions" | "latestAudit"
>;

/** The review as of `now` (ms). */
export async function readAccessReview(store: AccessReviewStore, now: number): Promise<AccessReview> {
  const [keys, sessions, userSessions, last] = await Promise.all([
    store.listApiKeys(),
    store.listSessions({ activeAt: now }),
    store.listUserSessions(now),
    store.latestAudit("access.reviewed"),
  ]);
  const active = keys.filter((k) => k.revokedAt === null);
  const byId = new Map(keys.map((k) => [k.id, k]));
  return {
    generatedAt: new Date(now).toISOString(),
    keys: active.map((k) => ({
      id: k.id,
      name: k.name,
      scopes: k.scopes,
      prefix: k.prefix,
      createdBy: k.createdBy,
      createdAt: k.createdAt,
      lastUsedAt: k.lastUsedAt,
      ageDays: daysBetween(Date.parse(k.createdAt), now),
    })),
    sessions: sessions.map((s) => ({
      id: s.id,
      keyId: s.keyId,
      keyName: byId.get(s.keyId)?.name ?? null,
      scopes: byId.get(s.keyId)?.scopes ?? [],
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
    })),
    userSessions,
    lastReview: last
      ? {
          reviewer: last.actor,
          at: last.at,
          note: typeof last.details.note === "string" ? last.details.note : null,
        }
      : null,
  };
}

/**
 * Records that `reviewer` (a key id) reviewed the access list now: an
 * `access.reviewed` audit entry holding what was reviewed (counts and ids).
 */
export async function recordAccessReview(
  store: AccessReviewStore,
  audit: AuditRecorder,
  input: { reviewer: string; ip: string; note?: string; now: number },
): Promise<AccessReview> {
  const review = await readAccessReview(store, input.now);
  await audit.record({
    actor: input.reviewer,
    action: "access.reviewed",
    ip: input.ip,
    details: {
      keys: review.keys.map((k) => k.id),
      sessions: review.sessions.length,
      userSessions: review.userSessions.length,
      ...(input.note ? { note: input.note } : {}),
    },
  });
  return readAccessReview(store, input.now);
}

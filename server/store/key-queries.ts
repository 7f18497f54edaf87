/**
 * API-key reads and writes as dialect-neutral Kysely queries. Secrets are
 * hashed before they reach any query; no query returns a hash.
 */
import type { Kysely, Selectable } from "kysely";
import type { ApiKey, Scope } from "../../lib/auth";
import {
  adminTokenProblem,
  constantTimeEqual,
  displayPrefix,
  generateApiKey,
  hashSecret,
  normaliseScopes,
  planAdminBootstrap,
} from "../domain/credentials";
import { appendAuditInTransaction } from "./audit-queries";
import { serialiseTransactions } from "./dialect";
import type { ApiKeysTable, Database } from "./schema";
import type { AdminBootstrapResult, NewApiKey } from "./records";

/** How stale `last_used_at` may get: refreshing it on every request would be a disk write per request. */
export const TOUCH_GRANULARITY_MS = 60_000;

/** Longest key name. */
export const MAX_KEY_NAME = 100;

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/** Maps a row to the public shape (dropping the hash). */
export function toApiKey(row: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: row.id,
    name: row.name,
    scopes: JSON.parse(row.scopes) as Scope[],
    prefix: row.prefix,
    createdBy: row.created_by,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
    teams: JSON.parse(row.teams) as string[],
  };
}

/**
 * Inserts a new key with a generated secret, or with `secretOverride` (the
 * configured admin token). @throws Error for an empty/long name or bad scopes.
 */
export async function insertApiKey(
  db: Kysely<Database>,
  input: NewApiKey,
  now: number,
  secretOverride?: string,
): Promise<{ key: ApiKey; secret: string }> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > MAX_KEY_NAME) {
    throw new Error(`a key name must be 1 to ${MAX_KEY_NAME} characters`);
  }
  const generated = generateApiKey();
  const secret = secretOverride ?? generated.secret;
  const row = {
    id: generated.id,
    name,
    scopes: JSON.stringify(normaliseScopes(input.scopes)),
    key_hash: hashSecret(secret),
    prefix: displayPrefix(secret),
    created_by: input.createdBy,
    created_at: now,
    last_used_at: null,
    revoked_at: null,
    teams: JSON.stringify([...new Set(input.teams ?? [])].sort()),
  };
  await db.insertInto("api_keys").values(row).execute();
  return { key: toApiKey(row), secret };
}

/** Every key, newest first, revoked ones included. */
export async function selectApiKeys(db: Kysely<Database>): Promise<ApiKey[]> {
  const rows = await db
    .selectFrom("api_keys")
    .selectAll()
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
  return rows.map(toApiKey);
}

/** One key by id, revoked or not. */
export async function selectApiKey(db: Kysely<Database>, id: string): Promise<ApiKey | null> {
  const row = await db.selectFrom("api_keys").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toApiKey(row) : null;
}

/**
 * The active key whose secret this is, or null. The lookup is by hash, so
 * its timing says nothing useful about the secret; the final comparison is
 * constant-time anyway.
 */
export async function selectApiKeyBySecret(db: Kysely<Database>, secret: string): Promise<ApiKey | null> {
  const hash = hashSecret(secret);
  const row = await db
    .selectFrom("api_keys")
    .selectAll()
    .where("key_hash", "=", hash)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return row && constantTimeEqual(row.key_hash, hash) ? toApiKey(row) : null;
}

/** Whether a secret is a stored key, and in what state. */
export async function secretStatus(
  db: Kysely<Database>,
  secret: string,
): Promise<"unknown" | "active" | "revoked"> {
  const row = await db
    .selectFrom("api_keys")
    .select("revoked_at")
    .where("key_hash", "=", hashSecret(secret))
    .executeTakeFirst();
  if (!row) return "unknown";
  return row.revoked_at === null ? "active" : "revoked";
}

/** Number of unrevoked keys holding the `admin` scope. */
export async function countActiveAdminKeys(db: Kysely<Database>): Promise<number> {
  const rows = await db.selectFrom("api_keys").select("scopes").where("revoked_at", "is", null).execute();
  return rows.filter((r) => (JSON.parse(r.scopes) as Scope[]).includes("admin")).length;
}

/**
 * Records a use of a key: `last_used_at` moves to `now` if it was never set
 * (then `firstUse` is true, exactly once per key, even under concurrent
 * requests) or is older than `TOUCH_GRANULARITY_MS`.
 */
export async function touchApiKey(
  db: Kysely<Database>,
  id: string,
  now: number,
): Promise<{ firstUse: boolean }> {
  const first = await db
    .updateTable("api_keys")
    .set({ last_used_at: now })
    .where("id", "=", id)
    .where("last_used_at", "is", null)
    .executeTakeFirst();
  if (Number(first.numUpdatedRows) > 0) return { firstUse: true };
  await db
    .updateTable("api_keys")
    .set({ last_used_at: now })
    .where("id", "=", id)
    .where("last_used_at", "<", now - TOUCH_GRANULARITY_MS)
    .execute();
  return { firstUse: false };
}

/** Sets the teams of a key (sorted, distinct); false when the key is unknown or revoked. */
export async function updateApiKeyTeams(
  db: Kysely<Database>,
  id: string,
  teams: readonly string[],
): Promise<boolean> {
  const result = await db
    .updateTable("api_keys")
    .set({ teams: JSON.stringify([...new Set(teams)].sort()) })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks a key revoked; false when it is unknown or already revoked. */
export async function revokeApiKey(db: Kysely<Database>, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable("api_keys")
    .set({ revoked_at: now })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** First-start admin credential: applies `planAdminBootstrap` in one transaction. See `Store.ensureAdminKey`. */
export async function ensureAdminKey(
  db: Kysely<Database>,
  configuredToken: string | undefined,
  now: number,
  auditKey: Buffer,
): Promise<AdminBootstrapResult> {
  const problem = configuredToken === undefined ? null : adminTokenProblem(configuredToken);
  if (problem) throw new Error(problem);
  return db.transaction().execute(async (trx) => {
    // Nodes starting together must not each see "no admin key yet": one creates it, the others find it.
    await serialiseTransactions(trx, "admin_bootstrap");
    const plan = planAdminBootstrap({
      activeAdminKeys: await countActiveAdminKeys(trx),
      configured: configuredToken === undefined ? "unset" : await secretStatus(trx, configuredToken),
    });
    const warning = "warning" in plan && plan.warning ? plan.warning : null;
    if (plan.action === "none") return { created: null, secret: null, warning };
    const fromSetting = plan.action === "register-configured";
    const { key, secret } = await insertApiKey(
      trx,
      {
        name: fromSetting ? "admin (RUNWATCH_ADMIN_TOKEN)" : "admin (first start)",
        scopes: ["admin"],
        createdBy: "system",
      },
      now,
      fromSetting ? configuredToken : undefined,
    );
    await appendAuditInTransaction(
      trx,
      {
        actor: "system",
        action: "key.created",
        target: key.id,
        details: {
          name: key.name,
          scopes: key.scopes,
          source: fromSetting ? "RUNWATCH_ADMIN_TOKEN" : "generated",
        },
      },
      now,
      auditKey,
    );
    return { created: key, secret: fromSetting ? null : secret, warning };
  });
}

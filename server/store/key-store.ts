/**
 * The API key slice. Secrets are hashed before they are stored and are never
 * returned again.
 */
import type { Kysely } from "kysely";
import type { ApiKey } from "../../lib/auth";
import {
  ensureAdminKey,
  insertApiKey,
  revokeApiKey,
  selectApiKey,
  selectApiKeyBySecret,
  selectApiKeys,
  touchApiKey,
  updateApiKeyTeams,
} from "./key-queries";
import type { AdminBootstrapResult, NewApiKey } from "./records";
import type { Database } from "./schema";
import { revokeSessionsForKey } from "./session-queries";

/** API keys. */
export interface KeyStore {
  /** Creates a key. `secret` is the only copy: show it once. @throws Error for a bad name or scopes. */
  createApiKey(input: NewApiKey, now: number): Promise<{ key: ApiKey; secret: string }>;
  /** Every key, newest first, revoked ones included. */
  listApiKeys(): Promise<ApiKey[]>;
  /** One key by id, revoked or not. */
  getApiKey(id: string): Promise<ApiKey | null>;
  /** The unrevoked key with this secret, or null. Does not record a use: call `touchApiKey`. */
  findApiKeyBySecret(secret: string): Promise<ApiKey | null>;
  /** Records a use (to the minute); `firstUse` is true exactly once per key, for `key.first_use`. */
  touchApiKey(id: string, now: number): Promise<{ firstUse: boolean }>;
  /** Sets the teams an active key is scoped to ([] unscopes it); false when unknown or revoked. */
  setApiKeyTeams(id: string, teams: readonly string[]): Promise<boolean>;
  /** Revokes a key and all its sessions; false when unknown or already revoked. */
  revokeApiKey(id: string, now: number): Promise<boolean>;
  /**
   * First start: when no unrevoked admin key exists, registers
   * `configuredToken` (RUNWATCH_ADMIN_TOKEN) or generates a key, and records
   * `key.created` (actor `system`). @throws Error when `configuredToken` is
   * shorter than `MIN_ADMIN_TOKEN_LENGTH`.
   */
  ensureAdminKey(configuredToken: string | undefined, now: number): Promise<AdminBootstrapResult>;
}

/** The API key slice over a Kysely database; `auditKey` chains the audit entries it writes. */
export function createKeyStore(db: Kysely<Database>, auditKey: Buffer): KeyStore {
  return {
    createApiKey: (input, now) => insertApiKey(db, input, now),
    listApiKeys: () => selectApiKeys(db),
    getApiKey: (id) => selectApiKey(db, id),
    findApiKeyBySecret: (secret) => selectApiKeyBySecret(db, secret),
    touchApiKey: (id, now) => touchApiKey(db, id, now),
    setApiKeyTeams: (id, teams) => updateApiKeyTeams(db, id, teams),
    revokeApiKey: (id, now) =>
      db.transaction().execute(async (trx) => {
        const revoked = await revokeApiKey(trx, id, now);
        if (revoked) await revokeSessionsForKey(trx, id, now);
        return revoked;
      }),
    ensureAdminKey: (configuredToken, now) => ensureAdminKey(db, configuredToken, now, auditKey),
  };
}

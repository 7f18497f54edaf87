/**
 * Migration 0019: single sign-on. `users` are the people (and access-token
 * subjects) the identity provider vouched for; `user_sessions` are their
 * dashboard sessions (the same cookie as key sessions, a separate table so a
 * session needs no API key); `oidc_logins` are pending sign-ins, kept in the
 * database so any node can finish one and each is consumed exactly once.
 */
import type { Kysely, Migration } from "kysely";

/** Migration 0019 (`users`, `user_sessions`, `oidc_logins`). */
export const migration0019: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("users")
      .addColumn("id", "text", (column) => column.primaryKey())
      .addColumn("issuer", "text", (column) => column.notNull())
      .addColumn("subject", "text", (column) => column.notNull())
      // `person` signs in through the browser; `client` only ever sends access tokens.
      .addColumn("kind", "text", (column) => column.notNull())
      .addColumn("name", "text", (column) => column.notNull())
      .addColumn("email", "text")
      // JSON array of the role claim's values, as of the latest sign-in.
      .addColumn("groups", "text", (column) => column.notNull())
      .addColumn("role", "text", (column) => column.notNull())
      .addColumn("created_at", "bigint", (column) => column.notNull())
      .addColumn("last_seen_at", "bigint", (column) => column.notNull())
      .addUniqueConstraint("users_issuer_subject", ["issuer", "subject"])
      .execute();
    await db.schema
      .createTable("user_sessions")
      .addColumn("id", "text", (column) => column.primaryKey())
      .addColumn("token_hash", "text", (column) => column.notNull().unique())
      .addColumn("user_id", "text", (column) => column.notNull())
      // Sent back as `id_token_hint` at RP-initiated logout.
      .addColumn("id_token", "text")
      .addColumn("created_at", "bigint", (column) => column.notNull())
      .addColumn("expires_at", "bigint", (column) => column.notNull())
      .addColumn("revoked_at", "bigint")
      .addColumn("last_seen_at", "bigint")
      .execute();
    await db.schema.createIndex("user_sessions_user").on("user_sessions").column("user_id").execute();
    await db.schema
      .createTable("oidc_logins")
      .addColumn("state", "text", (column) => column.primaryKey())
      .addColumn("nonce", "text", (column) => column.notNull())
      .addColumn("code_verifier", "text", (column) => column.notNull())
      .addColumn("return_to", "text", (column) => column.notNull())
      .addColumn("expires_at", "bigint", (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable("oidc_logins").execute();
    await db.schema.dropTable("user_sessions").execute();
    await db.schema.dropTable("users").execute();
  },
};

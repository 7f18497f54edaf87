/**
 * Component schemas of the access-control and audit routes: API keys,
 * sessions, the signed-in principal and the audit log (`lib/auth.ts`).
 */
import {
  AUDIT_ACTIONS,
  SCOPES,
  type ApiKey,
  type AuditEntry,
  type CreatedApiKey,
  type Session,
} from "../../lib/auth";
import { count, isoTime, nullable, objectOf, page, ref, text, type JsonSchema } from "./openapi-schema-kit";

const apiKey = objectOf<ApiKey>(
  "An API key as listed to admins: everything but the secret and its hash.",
  {
    id: text("Short, random, non-secret id."),
    name: text(),
    scopes: { type: "array", items: { type: "string", enum: [...SCOPES] } },
    prefix: text("The first characters of the secret (e.g. `rw_Ab12Cd`), enough to recognise a key."),
    createdBy: text("An admin key id, `cli` or `system`."),
    createdAt: isoTime("When it was created."),
    lastUsedAt: nullable(isoTime("When it was last used.")),
    revokedAt: nullable(isoTime("When it was revoked.")),
    teams: {
      type: "array",
      items: { type: "string" },
      description: "Teams the key is scoped to (see docs/teams.md); empty when it sees every team's jobs.",
    },
  },
  {},
);

const session = objectOf<Session>(
  "A dashboard session, as listed to admins.",
  {
    id: text(),
    keyId: text("The key that signed in."),
    createdAt: isoTime("When it was created."),
    expiresAt: isoTime("When it expires."),
    lastSeenAt: nullable(isoTime("When it was last used.")),
    revokedAt: nullable(isoTime("When it was revoked.")),
  },
  {},
);

const auditEntry = objectOf<AuditEntry>(
  'One audit-log entry, chained to the one before: `hash = sha256hex(prevHash + "\\n" + canonicalJson({ seq, at, actor, action, target, ip, details }))`.',
  {
    seq: { type: "integer", minimum: 1, description: "1, 2, 3, … with no gaps." },
    at: isoTime("When it happened (millisecond precision, UTC)."),
    actor: text("An API key id, or `cli`, `system`, `anonymous`."),
    action: { type: "string", enum: [...AUDIT_ACTIONS] },
    target: nullable(text()),
    ip: nullable(text()),
    details: { type: "object", additionalProperties: true },
    prevHash: text("Hash of the previous entry (64 zeros for the first)."),
    hash: text(),
  },
  {},
);

const principal: JsonSchema = {
  type: "object",
  properties: {
    keyId: text(),
    name: text(),
    scopes: { type: "array", items: { type: "string", enum: [...SCOPES] } },
  },
  required: ["keyId", "name", "scopes"],
};

const auditVerification: JsonSchema = {
  oneOf: [
    {
      type: "object",
      properties: {
        ok: { const: true },
        count: count("Entries checked."),
        head: nullable({
          type: "object",
          properties: { seq: { type: "integer" }, hash: text() },
          required: ["seq", "hash"],
        }),
        checkpoint: nullable({
          type: "object",
          description:
            "The latest checkpoint kept outside the database that the chain matched; null: none yet.",
          properties: { seq: { type: "integer" }, at: text() },
          required: ["seq", "at"],
        }),
      },
      required: ["ok", "count", "head"],
    },
    {
      type: "object",
      properties: {
        ok: { const: false },
        count: count("Entries checked."),
        brokenAt: {
          type: "integer",
          description:
            "The first entry whose link is broken (the first missing one when truncated; 0: the checkpoint itself).",
        },
        reason: text(),
        problem: {
          enum: ["edited", "missing", "reordered", "recomputed", "truncated", "rewritten", "checkpoint"],
          description:
            "What was found: an entry edited; entries missing or reordered; hashes recomputed without the key; the tail truncated or the chain rewritten since the latest checkpoint; a checkpoint that is not genuine.",
        },
      },
      required: ["ok", "count", "brokenAt", "reason"],
    },
  ],
};

const authStatus: JsonSchema = {
  type: "object",
  properties: {
    auth: {
      type: "string",
      enum: ["on", "off"],
      description: "`off` only in the local demo mode (RUNWATCH_AUTH=off).",
    },
    authenticated: { type: "boolean" },
    principal: nullable({
      allOf: [
        ref("Principal"),
        {
          type: "object",
          properties: {
            via: {
              type: "string",
              enum: ["key", "session", "token"],
              description:
                "How the caller authenticated: an API key, a dashboard session (signed in with a key, or with single sign-on when `user` is set), or an OAuth 2.0 access token.",
            },
            user: nullable({
              type: "object",
              description:
                "The single sign-on user (session or access token); null for API keys and key sessions.",
              properties: {
                id: text("The user's id (`usr_…`)."),
                name: text("Their e-mail, or name when the provider gives no e-mail."),
                role: text("`admin`, `read` or `auditor`, as the role rules resolved it."),
              },
              required: ["id", "name", "role"],
            }),
            teams: nullable({
              type: "array",
              items: { type: "string" },
              description: "The teams whose data alone the caller sees (docs/teams.md); null: not scoped.",
            }),
          },
          required: ["via", "user", "teams"],
        },
      ],
    }),
    expiresAt: nullable(isoTime("When the session expires.")),
  },
  required: ["auth", "authenticated", "principal", "expiresAt"],
};

const signedIn: JsonSchema = {
  type: "object",
  properties: { principal: ref("Principal"), expiresAt: isoTime("When the session expires.") },
  required: ["principal", "expiresAt"],
};

/** The auth and audit component schemas, by name. */
export const AUTH_SCHEMAS: Record<string, JsonSchema> = {
  ApiKey: apiKey,
  CreatedApiKey: objectOf<CreatedApiKey>(
    "A new key: the only time its secret is shown.",
    { key: ref("ApiKey"), secret: text("The key itself (`rw_…`); store it now.") },
    {},
  ),
  Session: session,
  AuditEntry: auditEntry,
  AuditList: page("AuditEntry", "`GET /api/v1/audit`: newest first."),
  AuditVerification: auditVerification,
  Principal: principal,
  AuthStatus: authStatus,
  SignedIn: signedIn,
};

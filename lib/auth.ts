/**
 * Access-control and audit contract shared by the server and the browser:
 * scopes, the API-key list item, audit entries and the audit query. Secrets
 * and their hashes never appear in these shapes. Fields may be added, never
 * renamed.
 */
import { z } from "zod";
import { isoDateOrTimeSchema as isoDate } from "./job";
import { TEAM_LIMITS, teamNameSchema } from "./teams";

/**
 * Every scope a key can hold. `admin` implies `read`; `ingest` is separate (generic webhook endpoint);
 * `auditor` reads the evidence and the audit log and nothing else (not jobs, not metrics).
 */
export const SCOPES = ["ingest", "read", "admin", "auditor"] as const;

/** One permission of an API key. */
export type Scope = (typeof SCOPES)[number];

/** Validates one scope name. */
export const scopeSchema = z.enum(SCOPES);

/** An API key as listed to admins: everything but the secret and its hash. Times are ISO 8601. */
export interface ApiKey {
  /** Short, random, non-secret id: what `keys revoke` and the admin page take. */
  id: string;
  name: string;
  /** Distinct, in `SCOPES` order. */
  scopes: Scope[];
  /** The first characters of the secret (e.g. `rw_Ab12Cd`), enough to recognise a key, not to use it. */
  prefix: string;
  /** Who created it: an admin key id, `cli` or `system` (first-start bootstrap). */
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** Teams the key is scoped to (see `lib/teams.ts`); [] when it sees every team's jobs. */
  teams: string[];
}

/** Body of a request to create a key (`POST /api/v1/keys`, admin). */
export const newApiKeySchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(scopeSchema).min(1).max(SCOPES.length),
  /** Teams to scope the key to (each must exist); omitted or [] for an unscoped key. */
  teams: z.array(teamNameSchema).max(TEAM_LIMITS.teamsPerKey).optional(),
});

/** Body of `PATCH /api/v1/keys/:id` (admin): the key's new teams ([] to unscope it). */
export const apiKeyUpdateSchema = z
  .object({ teams: z.array(teamNameSchema).max(TEAM_LIMITS.teamsPerKey) })
  .strict();

/** A validated request to create a key. */
export type NewApiKeyRequest = z.infer<typeof newApiKeySchema>;

/** Answer to creating a key: the only time the secret is ever shown. */
export interface CreatedApiKey {
  key: ApiKey;
  secret: string;
}

/** A dashboard session, as listed to admins. Times are ISO 8601. */
export interface Session {
  id: string;
  keyId: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

/** Audit actions the server records. */
export const AUDIT_ACTIONS = [
  "auth.signin.success",
  "auth.signin.failure",
  "auth.signout",
  "key.created",
  "key.revoked",
  "key.updated",
  "team.created",
  "team.updated",
  "team.deleted",
  "key.first_use",
  "session.revoked",
  "settings.changed",
  "rule.created",
  "rule.updated",
  "rule.deleted",
  "channel.created",
  "channel.updated",
  "channel.deleted",
  "channel.tested",
  "webhook.signature_failed",
  "ratelimit.tripped",
  "retention.purged",
  "audit.exported",
  "deliveries.replayed",
  "pool.kind_set",
  "privacy.erased",
  "access.reviewed",
  "evidence.exported",
  "slo.created",
  "slo.updated",
  "slo.deleted",
  "job.marked_lost",
] as const;

/** One kind of audited event. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Actors that are not API keys. Any other actor string is an API key id. */
export const SYSTEM_ACTORS = { cli: "cli", system: "system", anonymous: "anonymous" } as const;

/**
 * One audit-log entry. `hash` chains it to the entry before it:
 * `sha256hex(prevHash + "\n" + canonicalJson({ seq, at, actor, action, target, ip, details }))`
 * with object keys sorted and the genesis `prevHash` 64 zeros, so an export
 * can be verified without Runwatch. Entries from the chain's `keyedFrom` on
 * (every entry written since migration 0018) use HMAC-SHA256 with the audit
 * key instead of SHA-256 over the same text; verifying those needs the key.
 */
export interface AuditEntry {
  /** 1, 2, 3, … with no gaps. */
  seq: number;
  /** ISO 8601, millisecond precision, UTC. */
  at: string;
  actor: string;
  action: AuditAction;
  target: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/**
 * A checkpoint of the audit chain's head, written outside the database
 * (a file, a webhook, syslog) so that losing the newest entries or
 * recomputing the chain shows. `count` equals `seq` (the chain has no gaps);
 * `keyedFrom` is the first `seq` chained with the HMAC key.
 */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
  count: number;
  /** ISO 8601, when the checkpoint was taken. */
  at: string;
  keyedFrom: number;
}

/**
 * What kind of damage verification found: an entry `edited`; entries
 * `missing` from or `reordered` within the chain; hashes `recomputed` by
 * someone without the key; the tail `truncated` or the chain `rewritten`
 * since the latest checkpoint; a `checkpoint` that is not genuine.
 */
export type AuditProblem =
  "edited" | "missing" | "reordered" | "recomputed" | "truncated" | "rewritten" | "checkpoint";

/**
 * Result of verifying the audit chain: intact, or the first broken link.
 * `checkpoint` is the checkpoint the chain was checked against (null: none yet).
 */
export type AuditVerification =
  | {
      ok: true;
      count: number;
      head: { seq: number; hash: string } | null;
      checkpoint?: { seq: number; at: string } | null;
    }
  | { ok: false; count: number; brokenAt: number; reason: string; problem?: AuditProblem };

/** `GET /api/v1/audit` answer. */
export interface AuditListResponse {
  items: AuditEntry[];
  nextCursor: string | null;
}

/** Largest page the audit list serves. */
export const MAX_AUDIT_PAGE_SIZE = 500;

/**
 * Query of the audit list, newest first. `action` matches exactly, or as a
 * prefix when it ends in `.*` (`auth.*`); `since`/`until` bound `at`.
 */
export const auditQuerySchema = z.object({
  action: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z_.]+(\.\*)?$/, "an action such as key.created, or a prefix such as key.*")
    .optional(),
  actor: z.string().min(1).max(200).optional(),
  since: isoDate.optional(),
  until: isoDate.optional(),
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE_SIZE).default(50),
});

/** Parsed audit query. */
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** Audit export formats. */
export const AUDIT_EXPORT_FORMATS = ["jsonl", "csv"] as const;

/** One audit export format. */
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** Query of `GET /api/v1/audit/export`: the list's filters without paging, plus the format. */
export const auditExportQuerySchema = auditQuerySchema
  .omit({ cursor: true, limit: true })
  .extend({ format: z.enum(AUDIT_EXPORT_FORMATS).default("jsonl") });

/** Body of `POST /api/v1/auth/session`: the API key to sign in with. */
export const signInSchema = z.object({ key: z.string().min(1).max(500) });

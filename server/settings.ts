/**
 * Settings: parsed and validated once at start-up from the environment.
 * This is the only module that reads `process.env`; everything else receives
 * a `Settings` object, so tests can build one without touching the process.
 */
import path from "node:path";
import { z } from "zod";
import type { SmtpSettings } from "./alerts/send-email";
import { MIN_ADMIN_TOKEN_LENGTH } from "./domain/credentials";
import { parseOutboundAllow } from "./outbound/address-policy";
import { parseRunnerPrices } from "./domain/usage";
import { nearestName } from "./domain/nearest-name";
import { OIDC_SCHEMA, checkOidc, oidcSettings } from "./settings-oidc";

export type { SmtpSettings };
export type { AuditSettings, LogSources, Settings, UnknownSetting } from "./settings-types";
import { LOG_LEVELS, type Settings, type UnknownSetting } from "./settings-types";

const optionalSecret = (name: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : v))
    .refine((v) => v === undefined || v.length >= 8, `${name} must be at least 8 characters`);

const port = z.coerce.number().int().min(0).max(65535);

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** An http(s) base URL, kept without its trailing slash. */
const httpBaseUrl = (name: string) =>
  z
    .string()
    .trim()
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), `${name} must be an http(s) URL`)
    .transform((v) => v.replace(/\/+$/, ""));

// A bare address or `Name <address>`: what an SMTP server accepts in MAIL FROM and the From header.
const MAIL_FROM = /^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/;

const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  RUNWATCH_DATA_DIR: z.string().min(1).default("./data"),
  // The store: unset keeps the SQLite file in RUNWATCH_DATA_DIR (docs/postgres.md).
  DATABASE_URL: optionalText.refine(
    (v) => v === undefined || /^postgres(ql)?:\/\/./i.test(v),
    "DATABASE_URL must be a postgres:// or postgresql:// URL (unset keeps SQLite)",
  ),
  RUNWATCH_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  RUNWATCH_GITHUB_SECRET: optionalSecret("RUNWATCH_GITHUB_SECRET"),
  RUNWATCH_GITLAB_TOKEN: optionalSecret("RUNWATCH_GITLAB_TOKEN"),
  RUNWATCH_GITLAB_SIGNING_TOKEN: optionalSecret("RUNWATCH_GITLAB_SIGNING_TOKEN").refine(
    (v) => v === undefined || /^whsec_[A-Za-z0-9+/]+={0,2}$/.test(v),
    "RUNWATCH_GITLAB_SIGNING_TOKEN must be GitLab's signing token: whsec_ followed by base64",
  ),
  RUNWATCH_BUILDKITE_TOKEN: optionalSecret("RUNWATCH_BUILDKITE_TOKEN"),
  RUNWATCH_JENKINS_TOKEN: optionalSecret("RUNWATCH_JENKINS_TOKEN"),
  RUNWATCH_GENERIC_SECRET: optionalSecret("RUNWATCH_GENERIC_SECRET"),
  RUNWATCH_SIGNATURE_TOLERANCE_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  RUNWATCH_LOST_JOB_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 7)
    .default(360),
  RUNWATCH_RUNNER_OFFLINE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 7)
    .default(60),
  RUNWATCH_RUNNER_PRICES: z
    .string()
    .default("")
    .transform((v, ctx) => {
      const parsed = parseRunnerPrices(v);
      if ("prices" in parsed) return parsed.prices;
      ctx.addIssue({ code: "custom", message: `RUNWATCH_RUNNER_PRICES: ${parsed.error}` });
      return z.NEVER;
    }),
  RUNWATCH_LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  RUNWATCH_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(25 * 1024 * 1024)
    .default(1024 * 1024),
  // API JSON (sign-in, keys, alert rules) is small; a big body is only ever an attack on the parser.
  RUNWATCH_API_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024)
    .default(64 * 1024),
  RUNWATCH_ADMIN_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : v))
    .refine(
      (v) => v === undefined || v.length >= MIN_ADMIN_TOKEN_LENGTH,
      `RUNWATCH_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters`,
    ),
  RUNWATCH_AUTH: z.enum(["on", "off"]).default("on"),
  RUNWATCH_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  RUNWATCH_SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  RUNWATCH_RATE_LIMIT_API: z.coerce.number().int().min(1).max(1_000_000).default(600),
  RUNWATCH_RATE_LIMIT_WEBHOOK: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  RUNWATCH_RATE_LIMIT_SIGNIN: z.coerce.number().int().min(1).max(10_000).default(10),
  RUNWATCH_TRUST_PROXY: z
    .string()
    .default("off")
    .transform((v) => v.trim())
    .refine(
      (v) => /^(?:on|off|\d{1,2}|[\d.:a-fA-F/]+(?:\s*,\s*[\d.:a-fA-F/]+)*)$/.test(v),
      "RUNWATCH_TRUST_PROXY must be on, off, a hop count, or comma-separated proxy addresses/CIDRs",
    ),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  RUNWATCH_PUBLIC_URL: optionalText.refine(
    (v) => v === undefined || (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol)),
    "RUNWATCH_PUBLIC_URL must be an http(s) URL, e.g. https://runwatch.example.com",
  ),
  RUNWATCH_SMTP_HOST: optionalText,
  RUNWATCH_SMTP_PORT: port.default(587),
  RUNWATCH_SMTP_SECURE: z.enum(["true", "false"], { error: "must be true or false" }).default("false"),
  RUNWATCH_SMTP_USER: optionalText,
  RUNWATCH_SMTP_PASSWORD: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : v)),
  RUNWATCH_OUTBOUND_ALLOW: z
    .string()
    .optional()
    .refine((v) => {
      try {
        parseOutboundAllow(v);
        return true;
      } catch {
        return false;
      }
    }, "RUNWATCH_OUTBOUND_ALLOW must be comma-separated host names, addresses or CIDRs, e.g. ci.internal,10.1.0.0/16"),
  RUNWATCH_GITHUB_READ_TOKEN: optionalSecret("RUNWATCH_GITHUB_READ_TOKEN"),
  RUNWATCH_GITLAB_READ_TOKEN: optionalSecret("RUNWATCH_GITLAB_READ_TOKEN"),
  RUNWATCH_BUILDKITE_READ_TOKEN: optionalSecret("RUNWATCH_BUILDKITE_READ_TOKEN"),
  RUNWATCH_GITHUB_API_URL: httpBaseUrl("RUNWATCH_GITHUB_API_URL").default("https://api.github.com"),
  RUNWATCH_GITLAB_URL: httpBaseUrl("RUNWATCH_GITLAB_URL").optional(),
  RUNWATCH_BUILDKITE_API_URL: httpBaseUrl("RUNWATCH_BUILDKITE_API_URL").default("https://api.buildkite.com"),
  RUNWATCH_TLS_CERT: optionalText,
  RUNWATCH_TLS_KEY: optionalText,
  RUNWATCH_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(2).max(300).default(9),
  RUNWATCH_SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  // May carry a password (redis://:secret@host): never echoed back in an error.
  REDIS_URL: optionalText.refine(
    (v) => v === undefined || (URL.canParse(v) && /^rediss?:$/.test(new URL(v).protocol)),
    "REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://redis.internal:6379",
  ),
  RUNWATCH_METRICS_PUBLIC: z.enum(["on", "off"]).default("off"),
  RUNWATCH_SMTP_FROM: optionalText.refine(
    (v) => v === undefined || MAIL_FROM.test(v),
    "RUNWATCH_SMTP_FROM must be an address, or a name and an address: Runwatch <alerts@example.com>",
  ),
  // The audit chain's HMAC key: as long as a 256-bit key written out, so it cannot be guessed offline.
  RUNWATCH_AUDIT_KEY: optionalSecret("RUNWATCH_AUDIT_KEY")
    .refine(
      (v) => v === undefined || v.length >= 32,
      "RUNWATCH_AUDIT_KEY must be at least 32 characters (e.g. openssl rand -hex 32)",
    )
    // hex:<64 hex digits> is a key file's content (moving to PostgreSQL keeps the chain's key).
    .refine(
      (v) => v === undefined || !v.startsWith("hex:") || /^hex:[0-9a-f]{64}$/i.test(v),
      "RUNWATCH_AUDIT_KEY: after hex: come the 64 hex digits of an audit-key file",
    ),
  RUNWATCH_AUDIT_CHECKPOINT_FILE: optionalText,
  RUNWATCH_AUDIT_CHECKPOINT_URL: optionalText.refine(
    (v) => v === undefined || (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol)),
    "RUNWATCH_AUDIT_CHECKPOINT_URL must be an http(s) URL",
  ),
  RUNWATCH_AUDIT_SYSLOG: optionalText.refine(
    (v) => v === undefined || parseSyslogTarget(v) !== null,
    "RUNWATCH_AUDIT_SYSLOG must be udp://host:port, e.g. udp://syslog.internal:514",
  ),
  // Single sign-on (docs/sso.md): RUNWATCH_OIDC_* and RUNWATCH_KEY_SIGNIN.
  ...OIDC_SCHEMA,
  // SLOs kept in a repository (JSON, see docs/slos.md); read and validated at start.
  RUNWATCH_SLO_FILE: optionalText,
});

/** Cross-variable checks: what one variable needs of another. */
const checked = schema.superRefine((env, ctx) => {
  const issue = (variable: string, message: string) =>
    ctx.addIssue({ code: "custom", path: [variable], message });
  if (env.RUNWATCH_SMTP_HOST && !env.RUNWATCH_SMTP_FROM)
    issue("RUNWATCH_SMTP_FROM", "RUNWATCH_SMTP_FROM is required when RUNWATCH_SMTP_HOST is set");
  if (Boolean(env.RUNWATCH_SMTP_USER) !== Boolean(env.RUNWATCH_SMTP_PASSWORD))
    issue(
      env.RUNWATCH_SMTP_USER ? "RUNWATCH_SMTP_PASSWORD" : "RUNWATCH_SMTP_USER",
      "RUNWATCH_SMTP_USER and RUNWATCH_SMTP_PASSWORD are set together (or neither, for a relay without auth)",
    );
  if (Boolean(env.RUNWATCH_TLS_CERT) !== Boolean(env.RUNWATCH_TLS_KEY))
    issue(
      env.RUNWATCH_TLS_CERT ? "RUNWATCH_TLS_KEY" : "RUNWATCH_TLS_CERT",
      "RUNWATCH_TLS_CERT and RUNWATCH_TLS_KEY are set together (HTTPS) or neither (plain HTTP)",
    );
  checkOidc(env, issue);
});

/** A syslog receiver: `udp://host:port` (IPv6 hosts in brackets); null if the text is not one. */
export function parseSyslogTarget(text: string): { host: string; port: number } | null {
  const match = /^udp:\/\/(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):(\d{1,5})\/?$/.exec(text.trim());
  const port = match ? Number(match[2]) : 0;
  if (!match || port < 1 || port > 65535) return null;
  return { host: (match[1] ?? "").replace(/^\[|\]$/g, ""), port };
}

/** Thrown when the environment holds an invalid setting; the message names every bad variable. */
export class SettingsError extends Error {
  override name = "SettingsError";
}

/**
 * Parses settings from an environment map (normally `process.env`).
 * @throws SettingsError naming each invalid variable and why.
 */
export function loadSettings(env: Readonly<Record<string, string | undefined>> = process.env): Settings {
  const parsed = checked.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? "environment");
      const value = env[variable];
      const shown =
        /SECRET|TOKEN|PASSWORD|^REDIS_URL$|DATABASE_URL/.test(variable) || value === undefined
          ? ""
          : ` (got ${JSON.stringify(value)})`;
      return `  ${variable}: ${issue.message}${shown}`;
    });
    throw new SettingsError(`Invalid settings:\n${lines.join("\n")}`);
  }
  const s = parsed.data;
  return {
    port: s.PORT,
    host: s.HOST,
    dataDir: path.resolve(s.RUNWATCH_DATA_DIR),
    databaseUrl: s.DATABASE_URL ?? null,
    databasePoolSize: s.RUNWATCH_DB_POOL_SIZE,
    secrets: {
      RUNWATCH_GITHUB_SECRET: s.RUNWATCH_GITHUB_SECRET,
      RUNWATCH_GITLAB_TOKEN: s.RUNWATCH_GITLAB_TOKEN,
      RUNWATCH_GITLAB_SIGNING_TOKEN: s.RUNWATCH_GITLAB_SIGNING_TOKEN,
      RUNWATCH_BUILDKITE_TOKEN: s.RUNWATCH_BUILDKITE_TOKEN,
      RUNWATCH_JENKINS_TOKEN: s.RUNWATCH_JENKINS_TOKEN,
      RUNWATCH_GENERIC_SECRET: s.RUNWATCH_GENERIC_SECRET,
    },
    signatureToleranceMs: s.RUNWATCH_SIGNATURE_TOLERANCE_SECONDS * 1000,
    lostJobAfterMs: s.RUNWATCH_LOST_JOB_MINUTES * 60_000,
    runnerOfflineAfterMs: s.RUNWATCH_RUNNER_OFFLINE_MINUTES * 60_000,
    runnerPrices: s.RUNWATCH_RUNNER_PRICES,
    logLevel: s.RUNWATCH_LOG_LEVEL,
    bodyLimit: s.RUNWATCH_BODY_LIMIT,
    apiBodyLimit: s.RUNWATCH_API_BODY_LIMIT,
    dev: s.NODE_ENV === "development",
    adminToken: s.RUNWATCH_ADMIN_TOKEN,
    authRequired: s.RUNWATCH_AUTH === "on",
    retentionDays: s.RUNWATCH_RETENTION_DAYS,
    trustProxy: parseTrustProxy(s.RUNWATCH_TRUST_PROXY),
    sessionTtlMs: s.RUNWATCH_SESSION_HOURS * 60 * 60 * 1000,
    rateLimits: {
      api: s.RUNWATCH_RATE_LIMIT_API,
      webhook: s.RUNWATCH_RATE_LIMIT_WEBHOOK,
      signIn: s.RUNWATCH_RATE_LIMIT_SIGNIN,
    },
    publicUrl: s.RUNWATCH_PUBLIC_URL ? s.RUNWATCH_PUBLIC_URL.replace(/\/+$/, "") : null,
    smtp:
      s.RUNWATCH_SMTP_HOST && s.RUNWATCH_SMTP_FROM
        ? {
            host: s.RUNWATCH_SMTP_HOST,
            port: s.RUNWATCH_SMTP_PORT,
            secure: s.RUNWATCH_SMTP_SECURE === "true",
            auth:
              s.RUNWATCH_SMTP_USER && s.RUNWATCH_SMTP_PASSWORD
                ? { user: s.RUNWATCH_SMTP_USER, pass: s.RUNWATCH_SMTP_PASSWORD }
                : null,
            from: s.RUNWATCH_SMTP_FROM,
          }
        : null,
    outboundAllow: parseOutboundAllow(s.RUNWATCH_OUTBOUND_ALLOW),
    logSources: {
      github: s.RUNWATCH_GITHUB_READ_TOKEN
        ? { token: s.RUNWATCH_GITHUB_READ_TOKEN, apiUrl: s.RUNWATCH_GITHUB_API_URL }
        : null,
      gitlab: s.RUNWATCH_GITLAB_READ_TOKEN
        ? { token: s.RUNWATCH_GITLAB_READ_TOKEN, url: s.RUNWATCH_GITLAB_URL ?? null }
        : null,
      buildkite: s.RUNWATCH_BUILDKITE_READ_TOKEN
        ? { token: s.RUNWATCH_BUILDKITE_READ_TOKEN, apiUrl: s.RUNWATCH_BUILDKITE_API_URL }
        : null,
    },
    tls:
      s.RUNWATCH_TLS_CERT && s.RUNWATCH_TLS_KEY
        ? { certFile: path.resolve(s.RUNWATCH_TLS_CERT), keyFile: path.resolve(s.RUNWATCH_TLS_KEY) }
        : null,
    requestTimeoutMs: s.RUNWATCH_REQUEST_TIMEOUT_SECONDS * 1000,
    shutdownGraceMs: s.RUNWATCH_SHUTDOWN_GRACE_SECONDS * 1000,
    redisUrl: s.REDIS_URL ?? null,
    metricsPublic: s.RUNWATCH_METRICS_PUBLIC === "on",
    unknownVariables: unknownSettings(env),
    audit: {
      key: s.RUNWATCH_AUDIT_KEY,
      checkpointFile: path.resolve(
        s.RUNWATCH_AUDIT_CHECKPOINT_FILE ?? path.join(s.RUNWATCH_DATA_DIR, "audit-checkpoints.jsonl"),
      ),
      checkpointUrl: s.RUNWATCH_AUDIT_CHECKPOINT_URL ?? null,
      syslog: s.RUNWATCH_AUDIT_SYSLOG ? parseSyslogTarget(s.RUNWATCH_AUDIT_SYSLOG) : null,
    },
    ...oidcSettings(s),
    sloFile: s.RUNWATCH_SLO_FILE ? path.resolve(s.RUNWATCH_SLO_FILE) : null,
  };
}

/** Every variable the server reads: the schema's own keys, so this list cannot drift from the settings. */
export const KNOWN_SETTINGS: readonly string[] = Object.keys(schema.shape);

// Names Runwatch's docs and tools use that are not server settings (CLI and curl examples, test tools).
const NOT_SETTINGS = new Set([
  "RUNWATCH_URL",
  "RUNWATCH_KEY",
  "RUNWATCH_ADMIN_KEY",
  "RUNWATCH_NODE24",
  "RUNWATCH_FUZZ_SEED",
]);

/** The `RUNWATCH_*` variables of `env` that no setting reads, sorted by name. */
export function unknownSettings(env: Readonly<Record<string, string | undefined>>): UnknownSetting[] {
  return Object.keys(env)
    .filter(
      (name) => name.startsWith("RUNWATCH_") && !KNOWN_SETTINGS.includes(name) && !NOT_SETTINGS.has(name),
    )
    .sort()
    .map((name) => ({ name, suggestion: nearestName(name, KNOWN_SETTINGS, "RUNWATCH_") }));
}

/** The start-up warning for an unknown variable: `RUNWATCH_X is not a Runwatch setting …; did you mean …?`. */
export function unknownSettingWarning({ name, suggestion }: UnknownSetting): string {
  const hint = suggestion === null ? "" : `; did you mean ${suggestion}?`;
  return `${name} is not a Runwatch setting and is ignored${hint}`;
}

function parseTrustProxy(value: string): boolean | number | string[] {
  if (value === "off") return false;
  if (value === "on") return true;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  return value.split(",").map((part) => part.trim());
}

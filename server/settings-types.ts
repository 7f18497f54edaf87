/**
 * The shape of validated settings (what `settings.ts` parses the environment
 * into), apart from the parsing so readers see the contract at a glance.
 */
import type { SmtpSettings } from "./alerts/send-email";
import type { OutboundAllow } from "./outbound/address-policy";
import type { OidcRole, RoleRule } from "./domain/role-rules";

/** `RUNWATCH_LOG_LEVEL` values (pino's levels). */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A `RUNWATCH_*` variable no setting reads, and the known name nearest to it (null when none is near). */
export interface UnknownSetting {
  name: string;
  suggestion: string | null;
}

/** Validated settings of one server process. */
export interface Settings {
  port: number;
  host: string;
  /** Absolute path of the folder holding the SQLite file. */
  dataDir: string;
  /** `DATABASE_URL`: the PostgreSQL database to use instead of SQLite; null keeps SQLite. */
  databaseUrl: string | null;
  /** Most PostgreSQL connections this process opens. */
  databasePoolSize: number;
  /** Webhook secrets by environment variable name (`RUNWATCH_GITHUB_SECRET`…); unset ones are absent. */
  secrets: Record<string, string | undefined>;
  /** How far a signed webhook timestamp may be from now before it is refused as stale, ms. */
  signatureToleranceMs: number;
  /** An active job with no event for this long is flagged lost, ms. */
  lostJobAfterMs: number;
  /** A runner not heard of for this long is offline, ms. */
  runnerOfflineAfterMs: number;
  /** Price per job minute by runner type (a pool name or label), from `RUNWATCH_RUNNER_PRICES`. */
  runnerPrices: Record<string, number>;
  logLevel: LogLevel;
  /** Largest webhook body accepted, in bytes (larger → 413). */
  bodyLimit: number;
  /** Largest body of every other API route, in bytes (larger → 413 before it is parsed). */
  apiBodyLimit: number;
  /** Serve the dashboard with Next's dev server (hot reload) instead of the production build. */
  dev: boolean;
  /** The first admin credential (RUNWATCH_ADMIN_TOKEN); generated on first start when unset. */
  adminToken?: string;
  /** `false` only for a local demo: the dashboard and read API open to anyone. */
  authRequired: boolean;
  /** Job events older than this many days are purged. */
  retentionDays: number;
  /** How long a dashboard sign-in lasts, in ms. */
  sessionTtlMs: number;
  /**
   * Which reverse proxies to believe about the client address and protocol
   * (X-Forwarded-For/-Proto): false, true (any), a hop count, or addresses/CIDRs.
   */
  trustProxy: boolean | number | string[];
  /** Requests per minute, per credential or client address. */
  rateLimits: { api: number; webhook: number; signIn: number };
  /** Base URL of the dashboard as people reach it (no trailing slash), for links in notifications; null: paths only. */
  publicUrl: string | null;
  /** Where email alerts go out; null when RUNWATCH_SMTP_HOST is unset (email channels then fail to send). */
  smtp: SmtpSettings | null;
  /** What outbound requests may reach beyond public addresses (RUNWATCH_OUTBOUND_ALLOW). */
  outboundAllow: OutboundAllow;
  /** Read access to the vendors' APIs, to fetch failed jobs' logs; a source left null is never fetched from. */
  logSources: LogSources;
  /** Certificate and key files (absolute paths) to serve HTTPS with; null: plain HTTP. */
  tls: { certFile: string; keyFile: string } | null;
  /** A request not fully received within this is answered 408 and its connection closed, ms. */
  requestTimeoutMs: number;
  /** On shutdown, how long requests in flight may still finish before their connections are cut, ms. */
  shutdownGraceMs: number;
  /** Redis shared by every node (live fan-out, rate limits), from `REDIS_URL`; null: one node, in memory. */
  redisUrl: string | null;
  /** `GET /metrics` (Prometheus) open to anyone (RUNWATCH_METRICS_PUBLIC=on); otherwise it needs a read credential. */
  metricsPublic: boolean;
  /** `RUNWATCH_*` variables set but read by no setting (typos, removed settings); warned about at start. */
  unknownVariables: UnknownSetting[];
  /** The audit chain's key and where its checkpoints go (`docs/security.md`, "Audit log integrity"). */
  audit: AuditSettings;
  /** Single sign-on; null when `RUNWATCH_OIDC_ISSUER` is unset. */
  oidc: OidcSettings | null;
  /** `RUNWATCH_KEY_SIGNIN`: whether the login page accepts an API key (break-glass). */
  keySignin: boolean;
  /** RUNWATCH_SLO_FILE: absolute path of the JSON file of read-only SLOs (docs/slos.md); null or absent: none. */
  sloFile?: string | null;
}

/** `RUNWATCH_AUDIT_*`. The key is a secret: never logged, never returned by the API. */
export interface AuditSettings {
  /** RUNWATCH_AUDIT_KEY; undefined: the generated `<data dir>/audit-key`. */
  key: string | undefined;
  /** Absolute path of the append-only checkpoint file. */
  checkpointFile: string;
  /** Receiver of signed checkpoint webhooks; null: none. */
  checkpointUrl: string | null;
  /** Syslog receiver of checkpoints; null: none. */
  syslog: { host: string; port: number } | null;
}

/**
 * Per-source read tokens and API base URLs (`docs/settings.md`, "Failing log lines").
 * Tokens are secrets: never logged, never returned by the API.
 */
export interface LogSources {
  github: { token: string; apiUrl: string } | null;
  /** `url`: the GitLab instance; null derives it from each job's URL (gitlab.com or self-managed). */
  gitlab: { token: string; url: string | null } | null;
  buildkite: { token: string; apiUrl: string } | null;
}

/** Single sign-on with an OpenID Connect provider (`RUNWATCH_OIDC_*`, docs/sso.md). */
export interface OidcSettings {
  /** The issuer URL, exactly as the provider's discovery document states it. */
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  /** Space-separated scopes asked for at sign-in; always includes `openid`. */
  scopes: string;
  /** `RUNWATCH_OIDC_ALLOW_HTTP=on`: a plain-http provider is accepted (development and tests only). */
  allowHttp: boolean;
  /** The `aud` access tokens must carry to be accepted as bearer credentials; null: access tokens are refused. */
  audience: string | null;
  /** Shown on the login page: "Sign in with <name>". */
  name: string;
  /** The claim the role rules read (`groups`). */
  roleClaim: string;
  /** Ordered, first match wins. */
  roleRules: RoleRule[];
  /** The role when no rule matches; `deny` (the default) refuses. */
  defaultRole: OidcRole;
  /** Clock skew tolerated on token times, seconds. */
  clockToleranceSeconds: number;
  /** The redirect URI: `RUNWATCH_PUBLIC_URL` + `/api/v1/auth/oidc/callback`. */
  redirectUri: string;
}

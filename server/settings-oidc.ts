/**
 * The single sign-on settings (`RUNWATCH_OIDC_*`, `RUNWATCH_KEY_SIGNIN`): their
 * schema, cross-checks and parsed form, kept beside `settings.ts` so the main
 * schema stays readable. docs/settings.md and docs/sso.md describe them.
 */
import { z } from "zod";
import { OIDC_ROLES, parseRoleRules, type OidcRole, type RoleRule } from "./domain/role-rules";
import type { OidcSettings } from "./settings-types";

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** The schema entries, spread into the settings schema. */
export const OIDC_SCHEMA = {
  RUNWATCH_OIDC_ISSUER: optionalText.refine(
    (v) => v === undefined || (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol)),
    "RUNWATCH_OIDC_ISSUER must be the provider's issuer URL, e.g. https://login.example.com/realms/acme",
  ),
  RUNWATCH_OIDC_CLIENT_ID: optionalText,
  RUNWATCH_OIDC_CLIENT_SECRET: optionalText,
  RUNWATCH_OIDC_SCOPES: z.string().default("openid profile email"),
  RUNWATCH_OIDC_ALLOW_HTTP: z.enum(["on", "off"]).default("off"),
  RUNWATCH_OIDC_AUDIENCE: optionalText,
  RUNWATCH_OIDC_NAME: optionalText,
  RUNWATCH_OIDC_ROLE_CLAIM: z.string().trim().min(1).max(200).default("groups"),
  RUNWATCH_OIDC_ROLES: z
    .string()
    .default("")
    .transform((v, ctx): RoleRule[] => {
      const parsed = parseRoleRules(v);
      if ("rules" in parsed) return parsed.rules;
      ctx.addIssue({ code: "custom", message: `RUNWATCH_OIDC_ROLES: ${parsed.error}` });
      return z.NEVER;
    }),
  RUNWATCH_OIDC_DEFAULT_ROLE: z.enum(OIDC_ROLES).default("deny"),
  RUNWATCH_OIDC_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  RUNWATCH_KEY_SIGNIN: z.enum(["on", "off"]).default("on"),
};

type OidcEnv = {
  [K in keyof typeof OIDC_SCHEMA]: z.output<(typeof OIDC_SCHEMA)[K]>;
} & { RUNWATCH_PUBLIC_URL?: string | undefined };

/** What one variable needs of another; `issue(variable, message)` reports a problem. */
export function checkOidc(env: OidcEnv, issue: (variable: string, message: string) => void): void {
  const issuer = env.RUNWATCH_OIDC_ISSUER;
  if (!issuer) {
    for (const name of ["RUNWATCH_OIDC_CLIENT_ID", "RUNWATCH_OIDC_AUDIENCE"] as const)
      if (env[name]) issue(name, `${name} needs RUNWATCH_OIDC_ISSUER`);
    if (env.RUNWATCH_KEY_SIGNIN === "off")
      issue(
        "RUNWATCH_KEY_SIGNIN",
        "RUNWATCH_KEY_SIGNIN=off needs RUNWATCH_OIDC_ISSUER: nobody could sign in",
      );
    return;
  }
  if (!env.RUNWATCH_OIDC_CLIENT_ID)
    issue("RUNWATCH_OIDC_CLIENT_ID", "RUNWATCH_OIDC_CLIENT_ID is required when RUNWATCH_OIDC_ISSUER is set");
  if (!env.RUNWATCH_PUBLIC_URL)
    issue(
      "RUNWATCH_PUBLIC_URL",
      "RUNWATCH_PUBLIC_URL is required when RUNWATCH_OIDC_ISSUER is set (the redirect URI is derived from it)",
    );
  if (new URL(issuer).protocol === "http:" && env.RUNWATCH_OIDC_ALLOW_HTTP !== "on")
    issue(
      "RUNWATCH_OIDC_ISSUER",
      "RUNWATCH_OIDC_ISSUER is plain http; use https (or RUNWATCH_OIDC_ALLOW_HTTP=on for a local provider)",
    );
  if (!env.RUNWATCH_OIDC_SCOPES.split(/\s+/).includes("openid"))
    issue("RUNWATCH_OIDC_SCOPES", "RUNWATCH_OIDC_SCOPES must include openid");
}

/** The parsed settings: `oidc` (null without an issuer) and `keySignin`. */
export function oidcSettings(env: OidcEnv): { oidc: OidcSettings | null; keySignin: boolean } {
  const keySignin = env.RUNWATCH_KEY_SIGNIN === "on";
  if (!env.RUNWATCH_OIDC_ISSUER || !env.RUNWATCH_OIDC_CLIENT_ID || !env.RUNWATCH_PUBLIC_URL)
    return { oidc: null, keySignin };
  return {
    keySignin,
    oidc: {
      issuer: env.RUNWATCH_OIDC_ISSUER,
      clientId: env.RUNWATCH_OIDC_CLIENT_ID,
      clientSecret: env.RUNWATCH_OIDC_CLIENT_SECRET ?? null,
      scopes: env.RUNWATCH_OIDC_SCOPES.trim().split(/\s+/).join(" "),
      allowHttp: env.RUNWATCH_OIDC_ALLOW_HTTP === "on",
      audience: env.RUNWATCH_OIDC_AUDIENCE ?? null,
      name: env.RUNWATCH_OIDC_NAME ?? "single sign-on",
      roleClaim: env.RUNWATCH_OIDC_ROLE_CLAIM,
      roleRules: env.RUNWATCH_OIDC_ROLES,
      defaultRole: env.RUNWATCH_OIDC_DEFAULT_ROLE as OidcRole,
      clockToleranceSeconds: env.RUNWATCH_OIDC_CLOCK_TOLERANCE_SECONDS,
      redirectUri: `${env.RUNWATCH_PUBLIC_URL.replace(/\/+$/, "")}/api/v1/auth/oidc/callback`,
    },
  };
}

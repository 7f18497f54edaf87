/**
 * Roles from identity-provider claims: ordered first-match rules over one
 * claim's values (`platform-admins=admin,auditors=auditor,*=read`). Pure, so
 * the settings parser, the sign-in callback and the access-token check agree.
 */

/** What a rule grants; `deny` refuses sign-in. */
export const OIDC_ROLES = ["admin", "read", "auditor", "deny"] as const;

/** One of {@link OIDC_ROLES}. */
export type OidcRole = (typeof OIDC_ROLES)[number];

/** One rule: when the claim holds `value` (or anything, for `*`), the role is `role`. */
export interface RoleRule {
  value: string;
  role: OidcRole;
}

/**
 * Parses `value=role,value=role,…` (values may not contain `,` or `=`; `*` matches any value,
 * including a missing claim). Empty text is no rules.
 * @returns the rules, or an error naming the bad part.
 */
export function parseRoleRules(text: string): { rules: RoleRule[] } | { error: string } {
  const rules: RoleRule[] = [];
  for (const part of text.split(",")) {
    const trimmed = part.trim();
    if (trimmed === "") continue;
    const eq = trimmed.lastIndexOf("=");
    const value = eq > 0 ? trimmed.slice(0, eq).trim() : "";
    const role = eq > 0 ? trimmed.slice(eq + 1).trim() : "";
    if (value === "" || !(OIDC_ROLES as readonly string[]).includes(role))
      return {
        error: `${JSON.stringify(trimmed)} is not value=role with role one of ${OIDC_ROLES.join(", ")}`,
      };
    rules.push({ value, role: role as OidcRole });
  }
  return { rules };
}

/** The values of a claim as strings: an array's strings, a string itself, nothing otherwise. */
export function claimValues(claim: unknown): string[] {
  if (typeof claim === "string") return [claim];
  if (Array.isArray(claim)) return claim.filter((v): v is string => typeof v === "string");
  return [];
}

/** How a role was decided: the rule that matched (its index), or the default. */
export interface RoleDecision {
  role: OidcRole;
  /** The matching rule's `value=role`, or `default`. */
  matched: string;
}

/** The first rule (in order) whose value the claim holds; else the default role. */
export function resolveRole(
  rules: readonly RoleRule[],
  values: readonly string[],
  fallback: OidcRole,
): RoleDecision {
  for (const rule of rules) {
    if (rule.value === "*" || values.includes(rule.value))
      return { role: rule.role, matched: `${rule.value}=${rule.role}` };
  }
  return { role: fallback, matched: "default" };
}

/**
 * GDPR erasure, the pure part: who a person is in CI payloads (their aliases)
 * and how a stored text or JSON document is rewritten so the person is no
 * longer in it. The same rewrite is applied to a raw delivery and to what the
 * normalisers made of it, so replaying the rewritten delivery rebuilds the
 * rewritten job: the pseudonym is stable, and grouping and counts still work.
 */

/**
 * The identity fields of a person object, by prefix: a GitHub `user` has
 * `login` and `email`, a GitLab job event `user_username` and `user_email`, a
 * GitLab commit `author_name` and `author_email` (beside its own `name`, the
 * commit title, which is not the person).
 */
const PREFIXES = ["", "user_", "author_", "committer_"] as const;
const roleOf = new Map<string, { prefix: string; role: "login" | "email" | "name" }>(
  PREFIXES.flatMap((prefix) => [
    [`${prefix}login`, { prefix, role: "login" as const }],
    [`${prefix}username`, { prefix, role: "login" as const }],
    [`${prefix}email`, { prefix, role: "email" as const }],
    [`${prefix}name`, { prefix, role: "name" as const }],
  ]),
);
/** Keys whose value may be a person's display name (`Job.author` included). */
const NAME_KEYS = new Set(["author", "display_name", ...PREFIXES.map((prefix) => `${prefix}name`)]);

/**
 * Shorter aliases are not erased: a one- or two-letter value matches far too
 * much text that is not the person.
 */
export const MIN_ALIAS = 3;

/** The person's aliases, lower-cased: account names and emails are erased wherever they occur, names only as a whole name field. */
export interface PersonAliases {
  logins: Set<string>;
  emails: Set<string>;
  names: Set<string>;
}

/** What an erasure replaces the person with. */
export interface ErasurePlan extends PersonAliases {
  /** `erased-<hmac prefix>`: replaces logins and names. */
  pseudonym: string;
  /** `erased-<hmac prefix>@erased.invalid`: replaces emails, so an email field stays an email. */
  emailPseudonym: string;
}

/** The aliases of `person` alone (before any payload is read). */
export function aliasesOf(person: string): PersonAliases {
  const key = person.trim().toLowerCase();
  const aliases: PersonAliases = { logins: new Set(), emails: new Set(), names: new Set() };
  if (key.includes("@")) aliases.emails.add(key);
  else aliases.logins.add(key);
  return aliases;
}

const norm = (value: unknown) => (typeof value === "string" ? value.trim().toLowerCase() : "");

/**
 * Adds to `into` the identities of every object in `value` that is the person:
 * an object whose account-name, email or name field equals one of the person's
 * aliases contributes its other account-name, email and name fields (a GitLab
 * `user` named by its email gives its username and display name; a commit
 * `author` gives its name).
 */
export function discoverAliases(value: unknown, into: PersonAliases): void {
  if (Array.isArray(value)) {
    for (const item of value) discoverAliases(item, into);
    return;
  }
  if (value === null || typeof value !== "object") return;
  const entries = Object.entries(value as Record<string, unknown>);
  const known = { login: into.logins, email: into.emails, name: into.names };
  // The prefixes under which this object is the person.
  const matched = new Set<string>();
  for (const [key, field] of entries) {
    const identity = roleOf.get(key);
    if (identity && known[identity.role].has(norm(field))) matched.add(identity.prefix);
  }
  for (const [key, field] of entries) {
    const identity = roleOf.get(key);
    if (identity && matched.has(identity.prefix) && norm(field).length >= MIN_ALIAS) {
      known[identity.role].add(norm(field));
    }
    if (field !== null && typeof field === "object") discoverAliases(field, into);
  }
}

/** Every alias, each at most once (for a SQL pre-filter). */
export function allAliases(aliases: PersonAliases): string[] {
  return [...new Set([...aliases.logins, ...aliases.emails, ...aliases.names])].filter(
    (alias) => alias.length >= MIN_ALIAS,
  );
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Rewrites one string value, given the key it sits under (a column name for plain columns). */
export type StringRewriter = (value: string, key: string | undefined) => string;

/**
 * The rewriter of a plan. Account names and emails are replaced wherever they
 * occur as a whole word (in URLs, `owner/repo` names, free text), and so are
 * names of more than one word; a one-word display name only where a whole
 * name field equals it, since names such as "User" or "GitHub" are ordinary
 * words elsewhere.
 */
export function stringRewriter(plan: ErasurePlan): StringRewriter {
  // A full name ("John Smith") is distinctive enough to erase in free text too; one word is not.
  const words = [...plan.emails, ...plan.logins, ...[...plan.names].filter((name) => /\s/.test(name))]
    .filter((alias) => alias.length >= MIN_ALIAS)
    // Longest first, so an email wins over the login it starts with.
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  const pattern =
    words.length === 0
      ? null
      : new RegExp(`(?<![\\p{L}\\p{N}_])(?:${words.join("|")})(?![\\p{L}\\p{N}_])`, "giu");
  return (value, key) => {
    if (key !== undefined && NAME_KEYS.has(key) && plan.names.has(norm(value))) return plan.pseudonym;
    if (pattern === null) return value;
    return value.replace(pattern, (match) => (match.includes("@") ? plan.emailPseudonym : plan.pseudonym));
  };
}

/**
 * Rewrites every string value of a JSON text (object keys and everything
 * outside strings are kept byte for byte, so numbers too large for a double
 * survive). Answers the same text when nothing changed. A value is rewritten
 * knowing the key it sits under (an array's items: the array's key).
 */
export function rewriteJsonText(text: string, rewrite: StringRewriter): string {
  let out = "";
  let copiedTo = 0;
  let lastKey: string | undefined;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 0x22 /* " */) continue;
    let end = i + 1;
    while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
    const literal = text.slice(i, end + 1);
    let after = end + 1;
    while (after < text.length && /\s/.test(text[after] ?? "")) after++;
    const value = JSON.parse(literal) as string;
    if (text[after] === ":") {
      lastKey = value;
    } else {
      const next = rewrite(value, lastKey);
      if (next !== value) {
        out += text.slice(copiedTo, i) + JSON.stringify(next);
        copiedTo = end + 1;
      }
    }
    i = end;
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

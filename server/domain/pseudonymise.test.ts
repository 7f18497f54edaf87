import { describe, expect, it } from "vitest";
import {
  aliasesOf,
  discoverAliases,
  rewriteJsonText,
  stringRewriter,
  type ErasurePlan,
} from "./pseudonymise";

function planFor(person: string, payload: unknown): ErasurePlan {
  const aliases = aliasesOf(person);
  discoverAliases(payload, aliases);
  return {
    ...aliases,
    pseudonym: "erased-aaaaaaaaaaaa",
    emailPseudonym: "erased-aaaaaaaaaaaa@erased.invalid",
  };
}

describe("discoverAliases", () => {
  it("takes the other identities of the object that is the person, prefix by prefix", () => {
    const payload = {
      user_name: "Ada Lovelace",
      user_username: "ada",
      user_email: "ada@example.com",
      commit: { name: "Fix the build", author_name: "Ada Lovelace", author_email: "ada@example.com" },
      sender: { login: "someone-else", name: "Other Person" },
    };
    const plan = planFor("ADA@example.com", payload);
    expect([...plan.logins]).toEqual(["ada"]);
    expect([...plan.emails]).toEqual(["ada@example.com"]);
    // The commit title ("Fix the build") is the commit's `name`, not the author's.
    expect([...plan.names]).toEqual(["ada lovelace"]);
  });
});

describe("rewriteJsonText", () => {
  it("rewrites values only, keeps keys, numbers and untouched bytes as they were", () => {
    const plan = planFor("octo", { sender: { login: "octo", name: "User" } });
    const text =
      '{"user": {"login": "Octo", "type": "User", "name":"User", "id": 12345678901234567890},\n "url": "https://x/octo/repo", "note": "octopus"}';
    expect(rewriteJsonText(text, stringRewriter(plan))).toBe(
      '{"user": {"login": "erased-aaaaaaaaaaaa", "type": "User", "name":"erased-aaaaaaaaaaaa", "id": 12345678901234567890},\n "url": "https://x/erased-aaaaaaaaaaaa/repo", "note": "octopus"}',
    );
  });

  it("keeps an email an email, and answers the same text when nothing matched", () => {
    const plan = planFor("a.b@example.com", {});
    const rewrite = stringRewriter(plan);
    expect(rewriteJsonText('["mail A.B@example.com, please", "\\"quoted\\""]', rewrite)).toBe(
      '["mail erased-aaaaaaaaaaaa@erased.invalid, please", "\\"quoted\\""]',
    );
    const untouched = '{"a": "b\\u00e9", "n": 1}';
    expect(rewriteJsonText(untouched, rewrite)).toBe(untouched);
  });
});

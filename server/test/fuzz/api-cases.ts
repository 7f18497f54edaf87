/**
 * Random API requests: credentials (valid, revoked, near misses, garbage
 * cookies), query strings, path ids and bodies.
 */
import { ADMIN_TOKEN } from "../helpers";
import { serialise } from "./json-tree";
import { randomNode } from "./mutations";
import type { Random } from "../../../lib/random";
import { headerBytes, rawUtf8 } from "./header-text";

/** A credential a request carries, and the scope it really grants (null: none). */
export type Cred = {
  label: string;
  headers: Record<string, string>;
  scope: "admin" | "read" | "ingest" | null;
};
/** Real credentials the picker mixes in with the random ones. */
export interface FuzzCredentials {
  read: { secret: string };
  ingest: { secret: string };
  revoked: { secret: string };
  session: { token: string };
}

/** Picks a random credential for a request; `allowSession` false leaves out the valid session cookie. */
export function credentialPicker(
  rng: Random,
  { read, ingest, revoked, session }: FuzzCredentials,
): (allowSession: boolean) => Cred {
  return (allowSession: boolean): Cred => {
    const kind = rng.weightedKey({
      none: 10,
      randomBytes: 8,
      bearerRw: 12,
      bearerRandom: 5,
      basic: 5,
      long8k: 3,
      long20k: 1,
      unicode: 4,
      nearMiss: 6,
      revoked: 2,
      cookieRandom: 10,
      cookieMalformed: 6,
      cookieAndBearer: 3,
      admin: 9,
      read: 5,
      ingest: 4,
      session: allowSession ? 5 : 0,
      adminWithGarbageCookie: 2,
    });
    const bearer = (token: string, scope: Cred["scope"] = null): Cred => ({
      label: kind,
      headers: { authorization: `Bearer ${token}` },
      scope,
    });
    switch (kind) {
      case "none":
        return { label: kind, headers: {}, scope: null };
      case "randomBytes":
        return { label: kind, headers: { authorization: headerBytes(rng, rng.int(1, 200)) }, scope: null };
      case "bearerRw":
        return bearer(`rw_${rng.text(rng.int(0, 60))}`);
      case "bearerRandom":
        return bearer(headerBytes(rng, rng.int(1, 100)));
      case "basic":
        return {
          label: kind,
          headers: {
            authorization: `Basic ${Buffer.from(`${rng.text(8)}:${ADMIN_TOKEN}`).toString("base64")}`,
          },
          scope: null,
        };
      case "long8k":
        return bearer(`rw_${rng.text(8_000)}`);
      case "long20k":
        return bearer(`rw_${rng.text(20_000)}`);
      case "unicode":
        return bearer(
          rawUtf8(
            rng.pick(["ключ🔑", "\u202e" + ADMIN_TOKEN, ADMIN_TOKEN + "\u200b", "😀".repeat(50), "rw_é"]),
          ),
        );
      case "nearMiss":
        return bearer(
          rng.pick([
            ADMIN_TOKEN + "x",
            ADMIN_TOKEN.slice(0, -1),
            ADMIN_TOKEN.toUpperCase(),
            ADMIN_TOKEN.slice(0, 9),
            ADMIN_TOKEN.replace("rw_", "rw-"),
            read.secret.slice(0, -1) + (read.secret.endsWith("a") ? "b" : "a"),
            `"${ADMIN_TOKEN}"`,
            `${ADMIN_TOKEN},${ADMIN_TOKEN}`,
          ]),
        );
      case "revoked":
        return bearer(revoked.secret);
      case "cookieRandom":
        return {
          label: kind,
          headers: {
            cookie: `runwatch_session=${rng.chance(0.5) ? rng.text(rng.int(0, 80)) : encodeURIComponent(headerBytes(rng, 40))}`,
          },
          scope: null,
        };
      case "cookieMalformed":
        return {
          label: kind,
          headers: {
            cookie: rng.pick([
              "runwatch_session",
              "runwatch_session=",
              "runwatch_session=%E0%A4%A",
              "runwatch_session=%zz",
              "=;;;=;",
              ";;;;",
              `runwatch_session=${"a".repeat(9_000)}`,
              `runwatch_session=a; runwatch_session=${encodeURIComponent(session.token)}`,
              `runwatch_session="${rng.text(20)}"`,
              `other=1; runwatch_session =${rng.text(30)}; x`,
              rawUtf8("runwatch_session=🍪"),
              headerBytes(rng, rng.int(1, 300)),
            ]),
          },
          scope: null,
        };
      case "cookieAndBearer":
        return {
          label: kind,
          headers: {
            authorization: `Bearer rw_${rng.text(30)}`,
            cookie: `runwatch_session=${encodeURIComponent(session.token)}`,
          },
          scope: null,
        };
      case "admin":
        return bearer(ADMIN_TOKEN, "admin");
      case "read":
        return bearer(read.secret, "read");
      case "ingest":
        return bearer(ingest.secret, "ingest");
      case "session":
        return {
          label: kind,
          headers: { cookie: `runwatch_session=${encodeURIComponent(session.token)}` },
          scope: "read",
        };
      case "adminWithGarbageCookie":
        return {
          label: kind,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, cookie: `runwatch_session=${rng.text(40)}` },
          scope: "admin",
        };
    }
  };
}

/** Query-string parts, joined at random. */
export const QUERY_PARTS = [
  "limit=1e309",
  "limit=-1",
  "limit=0",
  "limit=99999999999999999999",
  "limit=abc",
  "limit=200",
  "limit=1&limit=2",
  "cursor=garbage",
  `cursor=${Buffer.from('[1,"x"]').toString("base64url")}`,
  `cursor=${Buffer.from('[1e400,"x"]').toString("base64url")}`,
  `cursor=${Buffer.from('{"__proto__":1}').toString("base64url")}`,
  "cursor=%00",
  `cursor=${"A".repeat(600)}`,
  "status=%00",
  "status=queued&status=running",
  "status=queued,running,",
  "status=,,,",
  "sort=random",
  "sort=finished",
  "source=github",
  "source=x",
  "since=notadate",
  "since=2024-01-01",
  "until=9999-99-99",
  `q=${"%25".repeat(100)}`,
  `q=${"x".repeat(1000)}`,
  "q=%5C%25_",
  "repo=%E0%A4%A",
  "%zz=1",
  "a[b]=c",
  "__proto__=1",
  "__proto__[polluted]=yes",
  "constructor[prototype][polluted]=yes",
  "label=",
  "action=verify&from=0&to=-1",
  "format=csv",
  "format=jsonl",
  "actor=%00",
  `x=${"y".repeat(20_000)}`,
];
/** Values for a route's `:id`. */
export const ID_PARTS = [
  "abc",
  "x",
  "github:1",
  "github%3A1",
  encodeURIComponent("ключ🔑"),
  "%00",
  "%zz",
  "a".repeat(3_000),
  "..%2F..%2Fetc%2Fpasswd",
  "%2e%2e",
  encodeURIComponent(ADMIN_TOKEN),
];

/** A random request body: JSON noise, near-valid key bodies, prototype pollution, deep nesting, bytes. */
export function randomApiBody(rng: Random, ingestSecret: string): string {
  return rng.pick([
    () => serialise(randomNode(rng)),
    () =>
      JSON.stringify({
        name: rng.pick(["", " ", "x".repeat(101), "fuzz", rawUtf8("🔑")]),
        scopes: rng.pick([[], ["root"], ["admin", "admin"], "admin", null]),
      }),
    () =>
      JSON.stringify({
        key: rng.pick(["", rng.text(40), `rw_${rng.text(30)}`, ingestSecret, "x".repeat(600)]),
      }),
    () => '{"__proto__": {"polluted": "yes"}, "name": "p", "scopes": ["read"]}',
    () => '{"constructor": {"prototype": {"polluted": "yes"}}}',
    () => "[".repeat(10_000) + "]".repeat(10_000),
    () => `{"a":${"[".repeat(5_000)}${"]".repeat(5_000)},"__proto__":1}`,
    () => headerBytes(rng, rng.int(0, 200)),
    () => "",
  ])();
}

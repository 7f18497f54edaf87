/**
 * Variants of a `sha256=<hex HMAC of the body>` header (GitHub's `X-Hub-Signature-256`,
 * the generic endpoint's `X-Runwatch-Signature-256`): correct, and the ways it can be wrong.
 */
import { createHmac } from "node:crypto";
import { GITHUB_SECRET, githubSignature } from "../helpers";
import type { Random } from "../../../lib/random";

export type SignatureVariant =
  | "correct"
  | "upper-hex"
  | "missing"
  | "wrong"
  | "truncated"
  | "upper-prefix"
  | "sha1"
  | "other-body"
  | "empty"
  | "two-values";

export const VALID_SIGNATURES: ReadonlySet<SignatureVariant> = new Set(["correct", "upper-hex"]);

export function signatureHeader(
  variant: SignatureVariant,
  body: Buffer,
  rng: Random,
  secret = GITHUB_SECRET,
): string | null {
  const good = githubSignature(body, secret);
  switch (variant) {
    case "correct":
      return good;
    case "upper-hex":
      return `sha256=${good.slice(7).toUpperCase()}`;
    case "missing":
      return null;
    case "wrong":
      return `sha256=${rng.text(64, "0123456789abcdef")}`;
    case "truncated":
      return good.slice(0, rng.int(0, good.length - 1));
    case "upper-prefix":
      return `SHA256=${good.slice(7)}`;
    case "sha1":
      return `sha1=${createHmac("sha1", secret).update(body).digest("hex")}`;
    case "other-body":
      return githubSignature(Buffer.concat([body, Buffer.from(" ")]), secret);
    case "empty":
      return "sha256=";
    case "two-values":
      return `${good}, ${good}`;
  }
}

/**
 * Shared token: the secret itself, sent in a header (GitLab's `X-Gitlab-Token`,
 * Buildkite's `X-Buildkite-Token`). Weaker than a signature (a captured request
 * replays), so vendors that can sign prefer it; compared in constant time.
 */
import { constantTimeEqual } from "../../domain/credentials";
import { missingHeader, type Scheme } from "./verifier";

/** How a vendor names its token scheme. */
export interface SharedTokenOptions {
  /** The header carrying the token, as the vendor spells it. */
  header: string;
  /** The refusal when the token is wrong (it must not echo either value). */
  mismatch: string;
}

/** The shared-token scheme; a header present but empty is a wrong token, not a missing one. */
export function sharedToken({ header, mismatch }: SharedTokenOptions): Scheme {
  const name = header.toLowerCase();
  return (secret) => ({
    header,
    carries: ({ headers }) => headers[name] !== undefined,
    verify({ headers }) {
      const given = headers[name];
      if (given === undefined) return missingHeader(header);
      // An empty secret matches nothing (prepareVerifier never prepares one; this is the last guard).
      return secret !== "" && constantTimeEqual(given, secret)
        ? { ok: true }
        : { ok: false, error: mismatch };
    },
  });
}

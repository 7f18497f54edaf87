/**
 * Which schemes a vendor accepts, in what order, and how they combine: each
 * vendor adapter declares a `VerificationPolicy`; `prepareVerifier` turns it
 * and the configured secrets into one request verifier, once at start-up.
 */
import type { Scheme, VerifierOptions, VerifyResult, WebhookRequest } from "./verifier";

/** One scheme a vendor accepts, and the environment variable holding its secret. */
export interface AcceptedScheme {
  /** The variable holding the secret; the scheme is off while it is unset or empty. */
  variable: string;
  scheme: Scheme;
  /** How to set the vendor up, appended to `missing <header> header` when this is the only scheme on. */
  hint?: string;
}

/** How a vendor authenticates its deliveries. */
export interface VerificationPolicy {
  /**
   * `first`: the first scheme (in order) whose credential the delivery carries
   * decides alone, so a weaker credential beside a bad signature is no way in.
   * `any`: every scheme whose credential is carried is tried in order and the
   * first that verifies accepts (a vendor sending two credentials keeps working
   * while either secret is rotated); when none does, their refusals are joined.
   */
  accept: "first" | "any";
  schemes: readonly AcceptedScheme[];
  /** The refusal when several schemes are on and none is carried; default `missing <a> or <b> header`. */
  missing?: string;
}

/** What a vendor declares: its secrets' variables and its policy. */
export interface VerifiedSource {
  /** Every variable the vendor reads, as the "not configured" refusal names them. */
  secretVariables: readonly string[];
  verification: VerificationPolicy;
}

/** A prepared verifier of one vendor's deliveries. Never throws for a bad request. */
export type RequestVerifier = (request: WebhookRequest) => VerifyResult;

/**
 * Prepares `source`'s verifier with `secrets` (by variable name): every scheme
 * whose secret is set is prepared here, once, and reused for every request.
 * With none set, every delivery is refused, naming the variables.
 */
export function prepareVerifier(
  { secretVariables, verification }: VerifiedSource,
  secrets: Readonly<Record<string, string | undefined>>,
  options: VerifierOptions,
): RequestVerifier {
  const on = verification.schemes.flatMap(({ variable, scheme, hint }) => {
    const secret = secrets[variable];
    return secret ? [{ verifier: scheme(secret, options), hint }] : [];
  });
  if (on.length === 0) {
    const error = `set ${secretVariables.join(" or ")} on the Runwatch server`;
    return () => ({ ok: false, error });
  }
  const only = on.length === 1 ? on[0] : undefined;
  const missing =
    only === undefined
      ? (verification.missing ?? `missing ${on.map(({ verifier }) => verifier.header).join(" or ")} header`)
      : `missing ${only.verifier.header} header${only.hint === undefined ? "" : `: ${only.hint}`}`;

  return (request) => {
    const errors: string[] = [];
    for (const { verifier } of on) {
      if (!verifier.carries(request)) continue;
      const result = verifier.verify(request);
      if (result.ok || verification.accept === "first") return result;
      errors.push(result.error);
    }
    return { ok: false, error: errors.length > 0 ? errors.join("; ") : missing };
  };
}

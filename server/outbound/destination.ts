/**
 * A host resolved and checked under the outbound policy before anything
 * connects to it: for callers that open their own connection (the SMTP
 * mailer connects to the address returned here, never to the name again, so
 * a second, different DNS answer cannot slip past the check) and for checks
 * at the moment a destination is configured (an alert channel's URL).
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { mayConnect, type OutboundAllow } from "./address-policy";

/** Where a host may be reached, or why not. */
export type Destination =
  | { ok: true; address: string; family: 4 | 6 }
  | {
      ok: false;
      /** `refused`: the policy forbids an address; `not_found` and `timeout`: DNS gave none in time. */
      kind: "refused" | "not_found" | "timeout";
      message: string;
    };

const DEFAULT_DNS_TIMEOUT_MS = 5_000;

/**
 * Resolves `host` (a name, or an address with or without IPv6 brackets) and
 * checks every address it has: one refused address refuses the host (a name
 * that answers both a public and a private address must not be half-trusted).
 * Never throws.
 */
export async function resolveAllowed(
  host: string,
  allow: OutboundAllow,
  timeoutMs = DEFAULT_DNS_TIMEOUT_MS,
): Promise<Destination> {
  const name = host.replace(/^\[|\]$/g, "");
  const literal = isIP(name);
  if (literal !== 0)
    return mayConnect(allow, name, name)
      ? { ok: true, address: name, family: literal === 6 ? 6 : 4 }
      : { ok: false, kind: "refused", message: `${name} is a non-public address` };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    // getaddrinfo also reads numeric forms the URL parser never saw (`2130706433`): they come back as addresses.
    const answer = await Promise.race([lookup(name, { all: true }), late]);
    if (answer === "timeout")
      return { ok: false, kind: "timeout", message: `${name} did not resolve in time` };
    const refused = answer.find((a) => !mayConnect(allow, name, a.address));
    if (refused)
      return {
        ok: false,
        kind: "refused",
        message: `${name} resolves to ${refused.address}, a non-public address`,
      };
    const first = answer[0];
    if (!first) return { ok: false, kind: "not_found", message: `${name} has no address` };
    return { ok: true, address: first.address, family: first.family === 6 ? 6 : 4 };
  } catch {
    return { ok: false, kind: "not_found", message: `${name} has no address` };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Why the policy refuses `url` as a destination, or null when it does not.
 * Only a refusal counts: a name that does not resolve now (offline, a DNS
 * hiccup, a record not yet created) is not refused here; the check at
 * connect time still guards every request made to it.
 */
export async function refusedUrl(url: string, allow: OutboundAllow): Promise<string | null> {
  if (!URL.canParse(url)) return "not a URL";
  const destination = await resolveAllowed(new URL(url).hostname, allow);
  return !destination.ok && destination.kind === "refused" ? destination.message : null;
}

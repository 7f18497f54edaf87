/**
 * The page gate: which dashboard paths anyone may load (the sign-in page and
 * the assets every page needs) and which need a session. It decides on the
 * path as Next.js will resolve it, never on the bytes as sent: `/_next/../jobs`,
 * `/_next/%2e%2e/jobs` and `/login\..\admin` are the pages they resolve to, so
 * they need a session like those pages do. A path that still holds a dot
 * segment once decoded (`/_next/..%2fjobs`, double encoding) is refused outright.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { errorBody } from "./errors";

/** The pages an auditor (no read scope) may load, tested on the resolved path: evidence and the audit log. */
export const AUDITOR_PAGE = /^\/(?:evidence|audit)(?:\/|$)/;

/** Paths anyone may load, tested on the normalised path: the sign-in page and the assets every page needs. */
const PUBLIC_PAGE = /^\/(?:login(?:\/|$)|_next\/|icon\.svg$|favicon\.ico$)/;

// Deeper encodings than this are not paths anyone means.
const MAX_DECODE_ROUNDS = 4;

// Any host will do: only the path is resolved against it.
const BASE = "http://runwatch.invalid";

/** What the gate makes of a request target. */
export type PageGateDecision =
  /** `path`: the target's path with dot segments resolved (still percent-encoded); `search`: its query. */
  { kind: "public" | "private"; path: string; search: string } | { kind: "refused"; reason: string };

/**
 * Resolves a request target (`request.url`, as sent) the way a URL parser
 * does (`.`/`..`, their percent-encoded forms and backslashes), then decides:
 * public, private (needs a session), or refused (not an origin-form path, bad
 * percent-encoding, or a dot segment left after decoding).
 */
export function pageGate(target: string): PageGateDecision {
  if (!target.startsWith("/") || target.startsWith("//")) {
    return { kind: "refused", reason: "the request target must be a path starting with a single /" };
  }
  let url: URL;
  try {
    url = new URL(`${BASE}${target}`);
  } catch {
    return { kind: "refused", reason: "the request target is not a valid path" };
  }
  // Left after resolving: an encoded separator (`..%2f`) or double encoding (`%252e%252e`),
  // which a later decoder could still turn into a step up. Decoded until stable (a few rounds at most).
  let decoded = url.pathname;
  for (let round = 0; ; round += 1) {
    if (decoded.split(/[/\\]/).some((segment) => segment === "." || segment === "..")) {
      return { kind: "refused", reason: "the path holds dot segments (. or ..)" };
    }
    if (!/%[0-9a-f]{2}/i.test(decoded)) break;
    if (round === MAX_DECODE_ROUNDS)
      return { kind: "refused", reason: "the path is percent-encoded too deeply" };
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      // Past the first round, a `%` that decodes to nothing is literal text (a job id may hold one).
      if (round > 0) break;
      return { kind: "refused", reason: "the path holds malformed percent-encoding" };
    }
  }
  const kind = PUBLIC_PAGE.test(url.pathname) ? "public" : "private";
  return { kind, path: url.pathname, search: url.search };
}

/**
 * The gate in front of the dashboard's catch-all GET/HEAD route. Answers, and
 * returns true, when the request goes no further: an `/api/` path (404 JSON), a
 * refused path (400 JSON), or a private page without a session (302 to
 * `/login?next=<resolved path>`). Returns false when the page may be served.
 */
export async function answeredByGate(
  request: FastifyRequest,
  reply: FastifyReply,
  mayView: (request: FastifyRequest, path: string) => Promise<boolean>,
): Promise<boolean> {
  const gate = pageGate(request.url);
  if (gate.kind === "refused") {
    void reply.code(400).header("cache-control", "no-store").send(errorBody("bad_path", gate.reason));
    return true;
  }
  if (gate.path.startsWith("/api/")) {
    void reply.code(404).send(errorBody("not_found", `no route ${request.method} ${gate.path}`));
    return true;
  }
  if (gate.kind === "private" && !(await mayView(request, gate.path))) {
    const target = `/login?next=${encodeURIComponent(gate.path + gate.search)}`;
    void reply.code(302).header("location", target).header("cache-control", "no-store").send();
    return true;
  }
  return false;
}

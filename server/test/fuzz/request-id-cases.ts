/**
 * X-Request-Id shapes for the API fuzz (issue 15): valid ids are echoed, every
 * other shape is replaced by a generated UUID, and every answer carries one.
 */
import type { Random } from "../../../lib/random";
import { headerBytes, rawUtf8 } from "./header-text";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** An incoming id and whether the server must echo it (else it generates one). */
export interface RequestIdCase {
  value: string;
  echoed: boolean;
}

/** A random X-Request-Id: valid ones up to the 128-character limit, and the shapes that must not pass. */
export function randomRequestId(rng: Random): RequestIdCase {
  const printable = (length: number) =>
    Array.from({ length }, () => String.fromCharCode(rng.int(0x21, 0x7e))).join("");
  switch (rng.weightedKey({ valid: 4, atLimit: 1, overLimit: 2, latin1: 2, utf8: 1, huge: 1 })) {
    case "valid":
      return { value: printable(rng.int(1, 64)), echoed: true };
    case "atLimit":
      return { value: printable(128), echoed: true };
    case "overLimit":
      return { value: printable(rng.int(129, 400)), echoed: false };
    case "latin1":
      // At least one byte outside printable ASCII.
      return {
        value: `${printable(rng.int(0, 20))}\u00e9${headerBytes(rng, rng.int(0, 20))}`,
        echoed: false,
      };
    case "utf8":
      return { value: rawUtf8(rng.pick(["trace-🔑", "\u202eid", "id\u200b", "ключ"])), echoed: false };
    default:
      return { value: printable(rng.int(2_000, 8_000)), echoed: false };
  }
}

/**
 * What is wrong with the id an answer carried. Answers Node writes itself for
 * requests it cannot parse (431) never reach Fastify and carry none.
 */
export function requestIdProblem(
  sent: RequestIdCase | null,
  status: number,
  got: string | null,
): string | null {
  if (status === 431) return null;
  if (got === null) return "no x-request-id on the answer";
  if (sent?.echoed)
    return got === sent.value ? null : `x-request-id ${JSON.stringify(got)} is not the one sent`;
  return UUID.test(got)
    ? null
    : `x-request-id ${JSON.stringify(got).slice(0, 80)} is neither sent nor a UUID`;
}

/**
 * Whether a store failure means "the database cannot take this right now"
 * (PostgreSQL stopped, restarting or refusing connections; the network to it
 * down; a deadlock with another node's transaction, which PostgreSQL breaks by
 * failing one) rather than a fault in the request or our code. Callers answer
 * those 503 with `Retry-After`: nothing was stored, and a retry succeeds.
 */

/**
 * PostgreSQL SQLSTATE codes of a database that is going away or not accepting connections, and of
 * a transaction failed to break a deadlock or a serialization conflict.
 */
const UNAVAILABLE_STATES = new Set(["57P01", "57P02", "57P03", "53300", "40P01", "40001"]);
/** Node's socket errors on the way to the database. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);

/** True when `error` (or an error it was caused by) says the database is unreachable. */
export function isStoreUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") {
      // SQLSTATE class 08: connection exceptions.
      if (code.startsWith("08") || UNAVAILABLE_STATES.has(code) || NETWORK_CODES.has(code)) return true;
    }
    // The pg driver's own errors for a connection that ended carry no code.
    if (/^Connection terminated|^Client has encountered a connection error/.test(current.message))
      return true;
    current = current.cause;
  }
  return false;
}

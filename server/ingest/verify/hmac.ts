/** HMAC-SHA256 with a key imported once, shared by the signature schemes. */
import { createHmac, createSecretKey, type KeyObject } from "node:crypto";

/** Imports an HMAC key once (a secret's UTF-8 bytes, or raw key bytes). */
export const hmacKey = (secret: string | Buffer): KeyObject =>
  createSecretKey(typeof secret === "string" ? Buffer.from(secret, "utf8") : secret);

/** HMAC-SHA256 of the concatenated `parts` (strings as UTF-8) under `key`. */
export function hmacSha256(key: KeyObject, ...parts: (string | Buffer)[]): Buffer {
  const mac = createHmac("sha256", key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/**
 * Opaque pagination cursors: the last row's sort key and id, base64url JSON.
 * Clients must treat them as opaque; a forged or corrupt one is a 400.
 */
import { QueryError } from "./records";

/** Position after which the next page starts. */
export interface CursorPosition {
  key: number;
  id: string;
}

/** Encodes a position into an opaque cursor string. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id])).toString("base64url");
}

/** Decodes a cursor made by `encodeCursor`. @throws QueryError on anything else. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 2) {
      const [key, id] = value as unknown[];
      if (typeof key === "number" && Number.isFinite(key) && typeof id === "string") return { key, id };
    }
  } catch {
    // fall through to the error below
  }
  throw new QueryError("cursor is not a cursor this server issued", "cursor");
}

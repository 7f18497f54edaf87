/**
 * Small builders for the JSON Schema (2020-12, as OpenAPI 3.1 uses it) of
 * the OpenAPI document: references, nullable types, zod conversion, and
 * `objectOf`, which types a hand-written object schema against the
 * TypeScript interface it describes.
 */
import { z } from "zod";

/** A JSON Schema (or OpenAPI Schema Object), as plain data. */
export type JsonSchema = { [key: string]: unknown };

/** A reference to a component schema. */
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** The schema, or null. */
export function nullable(schema: JsonSchema): JsonSchema {
  const { type } = schema;
  if (typeof type === "string" && !("enum" in schema)) return { ...schema, type: [type, "null"] };
  return { anyOf: [schema, { type: "null" }] };
}

/** JSON Schema of what a zod schema accepts (its input side), without the `$schema` marker. */
export function fromZod(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return json;
}

/** A string, with an optional description. */
export const text = (description?: string): JsonSchema => ({
  type: "string",
  ...(description ? { description } : {}),
});
/** An ISO 8601 date-time string. */
export const isoTime = (description: string): JsonSchema => ({
  type: "string",
  format: "date-time",
  description,
});
/** A non-negative integer. */
export const count = (description: string): JsonSchema => ({ type: "integer", minimum: 0, description });
/** A list of strings. */
export const strings = (description: string): JsonSchema => ({
  type: "array",
  items: { type: "string" },
  description,
});

// Keys of T that may be left out (`field?:`).
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];

/**
 * An object schema whose properties are exactly the fields of `T`: every
 * field must be described, and every optional field named in `optional`, or
 * the type-check fails. The rest are required.
 */
export function objectOf<T>(
  description: string,
  properties: { [K in keyof T]-?: JsonSchema },
  optional: { [K in OptionalKeys<T>]: true },
): JsonSchema {
  const skip = new Set(Object.keys(optional));
  return {
    type: "object",
    description,
    properties,
    required: Object.keys(properties).filter((key) => !skip.has(key)),
  };
}

/** A cursor-paginated list of a component schema: `{ items, nextCursor }`. */
export const page = (item: string, description: string): JsonSchema => ({
  type: "object",
  description,
  properties: {
    items: { type: "array", items: ref(item) },
    nextCursor: nullable(text("Pass back as `cursor` for the next page; null on the last page.")),
  },
  required: ["items", "nextCursor"],
});

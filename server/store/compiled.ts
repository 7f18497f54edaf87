/**
 * Queries built and compiled by Kysely once, then run many times with fresh
 * parameters: the ingest path runs the same dozen statements for every
 * delivery, and building plus compiling a query each time cost as much as
 * executing it. The SQL still comes from Kysely's compiler (so a second
 * dialect compiles its own), and the driver reuses the prepared statement
 * for the same SQL text (see `sqlite-dialect.ts`).
 */
import type { Compilable, CompiledQuery, Kysely, QueryResult } from "kysely";
import type { Database } from "./schema";

/** Where an argument (or one field of an object argument) goes in a query being compiled. */
class Slot {
  constructor(
    readonly index: number,
    readonly key: string | null,
  ) {}
}

/** A compiled query's parameter: from an argument (or its field), or a value fixed at build time. */
type Binding = { arg: number; key: string | null } | { value: unknown };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** Stands in for an argument while compiling: a plain object becomes one placeholder per field. */
function placeholder(value: unknown, index: number): unknown {
  if (!isRecord(value)) return new Slot(index, null);
  return Object.fromEntries(Object.keys(value).map((key) => [key, new Slot(index, key)]));
}

/**
 * Compiles `build` once per engine, on the first call, with each argument replaced by a
 * placeholder (a plain-object argument by one per field, keyed like the first
 * call's); every call then runs that SQL with its own arguments. `build` must
 * use arguments only as values (parameters), never to choose the shape of the
 * query; a plain-object argument must have the same keys on every call.
 */
export function reusable<Row, Args extends unknown[]>(
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
): (db: Kysely<Database>, ...args: Args) => Promise<QueryResult<Row>> {
  // One compilation per engine: a process (a test run, `migrate-to-postgres`) may hold both.
  const compiledBy = new Map<unknown, { query: CompiledQuery<Row>; bindings: Binding[] }>();
  return (db, ...args) => {
    const engine = db.getExecutor().adapter.constructor;
    let compiled = compiledBy.get(engine);
    if (compiled === undefined) {
      // Kysely passes values it does not know (a `Slot`) through to the parameters untouched.
      const slots = args.map(placeholder) as Args;
      const query = build(db, ...slots).compile();
      const bindings = query.parameters.map((p): Binding =>
        p instanceof Slot ? { arg: p.index, key: p.key } : { value: p },
      );
      compiled = { query, bindings };
      compiledBy.set(engine, compiled);
    }
    const { query, bindings } = compiled;
    const parameters = bindings.map((b) => {
      if (!("arg" in b)) return b.value;
      const arg = args[b.arg];
      return b.key === null ? arg : (arg as Record<string, unknown>)[b.key];
    });
    return db.executeQuery<Row>({ ...query, parameters });
  };
}

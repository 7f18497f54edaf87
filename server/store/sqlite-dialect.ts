/**
 * Kysely's SQLite dialect with two changes:
 * - transactions start with `BEGIN IMMEDIATE`. A deferred transaction that
 *   reads and then writes fails at once with SQLITE_BUSY (no busy wait) when
 *   another process — the CLI beside the server — committed in between;
 *   taking the write lock up front makes it wait its turn instead.
 * - prepared statements are kept and reused by SQL text. Kysely's own driver
 *   prepares every query anew, which cost as much as running it on the
 *   ingest path (the same dozen statements for every delivery).
 */
import type SqliteDatabase from "better-sqlite3";
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from "kysely";

/** Most statements kept; past it the cache starts again (queries with ad-hoc SQL, e.g. `IN` lists of any length). */
const STATEMENT_CACHE_SIZE = 500;

/** The one SQLite connection, preparing each distinct SQL text once. */
class CachingConnection implements DatabaseConnection {
  readonly #db: SqliteDatabase.Database;
  readonly #statements = new Map<string, SqliteDatabase.Statement>();

  constructor(db: SqliteDatabase.Database) {
    this.#db = db;
  }

  #prepare(sql: string): SqliteDatabase.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) this.#statements.clear();
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.#prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    if (statement.reader) return Promise.resolve({ rows: statement.all(parameters) as R[] });
    const { changes, lastInsertRowid } = statement.run(parameters);
    return Promise.resolve({
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
      rows: [],
    });
  }

  // Not cached: an iterating statement is busy until the caller finishes with it.
  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const statement = this.#db.prepare(compiledQuery.sql);
    for (const row of statement.iterate(compiledQuery.parameters as unknown[])) yield { rows: [row as R] };
  }
}

/** What the dialect needs: the open better-sqlite3 database (never a factory: it is opened once, by the caller). */
export interface ImmediateSqliteConfig {
  database: SqliteDatabase.Database;
}

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #connection: CachingConnection;

  constructor(config: ImmediateSqliteConfig) {
    super(config);
    this.#connection = new CachingConnection(config.database);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    // The base class serialises access to the one connection; hand out ours in its place.
    await super.acquireConnection();
    return this.#connection;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

/** SQLite dialect whose transactions take the write lock when they begin and whose statements are prepared once. */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ImmediateSqliteConfig;

  constructor(config: ImmediateSqliteConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

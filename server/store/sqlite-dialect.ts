/**
 * Kysely's SQLite dialect with one change: transactions start with
 * `BEGIN IMMEDIATE`. A deferred transaction that reads and then writes fails
 * at once with SQLITE_BUSY (no busy wait) when another process — the CLI
 * beside the server — committed in between; taking the write lock up front
 * makes it wait its turn instead.
 */
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from "kysely";

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

/** SQLite dialect whose transactions take the write lock when they begin. */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

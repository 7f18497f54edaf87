/**
 * The store engines a test runs against: SQLite always, PostgreSQL when the
 * global setup started a cluster (`global-setup.ts`). Each test asks its
 * engine for a fresh, empty, migrated database:
 *
 * ```ts
 * describe.each(STORE_ENGINES)("keys on $name", (engine) => {
 *   beforeEach(async () => { database = await engine.create(); store = await database.open(); });
 *   afterEach(async () => { await store.close(); await database.remove(); });
 * });
 * ```
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator } from "kysely";
import pg from "pg";
import { afterEach, beforeEach, describe, inject } from "vitest";
import { loadAuditKey } from "../../runtime/audit-key";
import { openStore, type StoreLocation } from "../../store/open";
import { pgTypes, StorePostgresDialect } from "../../store/postgres/dialect";
import { migrationProvider } from "../../store/migrations";
import type { Database } from "../../store/schema";
import { ImmediateSqliteDialect } from "../../store/sqlite-dialect";
import type { Store } from "../../store/store";
import { SQLITE_FILE } from "../../store/sqlite";
import { TEMPLATE_DATABASE } from "./global-setup";

/** One test's database: where it is, and opening it (as often as the test likes). */
export interface TestDatabase extends StoreLocation {
  /**
   * The settings a server or CLI on this database needs: none on SQLite; on PostgreSQL
   * DATABASE_URL and RUNWATCH_AUDIT_KEY (required there), the key `open()` chains with.
   */
  env: Record<string, string>;
  /** Opens (and migrates) the store. */
  open(): Promise<Store>;
  /** Removes the database and its data folder (close every store opened on it first). */
  remove(): Promise<void>;
  /** Everything the database holds, as text: SQLite's files (WAL included), PostgreSQL's rows. */
  rawText(): Promise<string>;
  /** Runs `statements` in order on a connection of its own, behind the store's back (tampering, checks). */
  execRaw(statements: string[]): Promise<void>;
  /**
   * A Kysely instance of its own on the database, migrated, to call query functions directly
   * (no store opened); destroy it after.
   */
  kysely(): Promise<Kysely<Database>>;
}

/** An engine to run a suite against. */
export interface StoreEngine {
  name: "sqlite" | "postgres";
  /** Why this engine's tests are skipped in this run, or null. */
  skip: string | null;
  /**
   * A new empty database: on PostgreSQL a copy of the migrated template, or with
   * `{ migrated: false }` a bare one (SQLite's is always bare until opened).
   */
  create(options?: { migrated?: boolean }): Promise<TestDatabase>;
}

const dataFolder = () => fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-store-"));

const sqliteEngine: StoreEngine = {
  name: "sqlite",
  skip: null,
  async create() {
    const location = { dataDir: dataFolder(), databaseUrl: null };
    return {
      ...location,
      env: {},
      open: () => openStore(location),
      remove: async () => fs.rmSync(location.dataDir, { recursive: true, force: true }),
      rawText: async () =>
        fs
          .readdirSync(location.dataDir)
          .filter((f) => f.startsWith(SQLITE_FILE))
          .map((f) => fs.readFileSync(path.join(location.dataDir, f)).toString("latin1"))
          .join(""),
      async execRaw(statements) {
        const file = new SqliteDatabase(path.join(location.dataDir, SQLITE_FILE));
        try {
          for (const statement of statements) file.exec(statement);
        } finally {
          file.close();
        }
      },
      async kysely() {
        const file = new SqliteDatabase(path.join(location.dataDir, SQLITE_FILE));
        file.pragma("journal_mode = WAL");
        file.pragma("synchronous = OFF"); // durability is not what these tests are about
        const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: file }) });
        const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
        if (error) throw error;
        return db;
      },
    };
  },
};

let admin: Promise<pg.Client> | undefined;

/** One connection per test worker to the cluster's maintenance database, for CREATE and DROP DATABASE. */
function adminClient(templateUrl: string): Promise<pg.Client> {
  admin ??= (async () => {
    const url = new URL(templateUrl);
    url.pathname = "/postgres";
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    return client;
  })();
  return admin;
}

const postgresEngine: StoreEngine = {
  name: "postgres",
  skip: inject("postgresSkipReason"),
  async create({ migrated = true } = {}) {
    const templateUrl = inject("postgresTemplateUrl");
    if (templateUrl === null)
      throw new Error(`PostgreSQL tests are skipped: ${inject("postgresSkipReason")}`);
    const name = `test_${randomBytes(8).toString("hex")}`;
    const client = await adminClient(templateUrl);
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${migrated ? TEMPLATE_DATABASE : "template0"}`);
    const url = new URL(templateUrl);
    url.pathname = `/${name}`;
    const location = { dataDir: dataFolder(), databaseUrl: url.toString() };
    const auditKey = `hex:${loadAuditKey(location.dataDir).toString("hex")}`;
    return {
      ...location,
      env: { DATABASE_URL: location.databaseUrl, RUNWATCH_AUDIT_KEY: auditKey },
      open: () => openStore(location),
      async remove() {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        fs.rmSync(location.dataDir, { recursive: true, force: true });
      },
      rawText: () => rowsAsText(location.databaseUrl),
      async execRaw(statements) {
        const client = new pg.Client({ connectionString: location.databaseUrl });
        await client.connect();
        try {
          for (const statement of statements) await client.query(statement);
        } finally {
          await client.end();
        }
      },
      async kysely() {
        const pool = new pg.Pool({ connectionString: location.databaseUrl, types: pgTypes, max: 2 });
        // `remove()` ends connections a failed test left open: not an error of the test's own.
        pool.on("error", () => {});
        return new Kysely<Database>({ dialect: new StorePostgresDialect({ pool }) });
      },
    };
  },
};

/** Every engine, SQLite first. Use with `describe.each`, skipping on `engine.skip`. */
export const STORE_ENGINES: readonly StoreEngine[] = [sqliteEngine, postgresEngine];

/** Every row of every table in the database at `url`, as JSON text. */
async function rowsAsText(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    const parts: string[] = [];
    for (const { name } of tables.rows) {
      const rows = await client.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${name}" t`);
      parts.push(...rows.rows.map((r) => r.row));
    }
    return parts.join("\n");
  } finally {
    await client.end();
  }
}

/** A fresh store for every test of the enclosing suite; `store` is the one open now. */
export interface StorePerTest {
  readonly store: Store;
  readonly database: TestDatabase;
  /** Closes the store and opens the same database again (a restart). */
  reopen(): Promise<Store>;
}

/** Registers beforeEach/afterEach giving each test a fresh database of `engine`, opened. */
export function freshStorePerTest(engine: StoreEngine): StorePerTest {
  let database: TestDatabase | undefined;
  let store: Store | undefined;
  beforeEach(async () => {
    database = await engine.create();
    store = await database.open();
  });
  afterEach(async () => {
    await store?.close();
    await database?.remove();
    store = undefined;
    database = undefined;
  });
  const current = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("no store outside a test");
    return value;
  };
  return {
    get store() {
      return current(store);
    },
    get database() {
      return current(database);
    },
    async reopen() {
      await current(store).close();
      store = await current(database).open();
      return store;
    },
  };
}

/** Declares `body` once per engine, as `<title> on <engine>`; an engine this run cannot use is skipped. */
export function describeEachEngine(title: string, body: (engine: StoreEngine) => void): void {
  for (const engine of STORE_ENGINES)
    describe.skipIf(engine.skip !== null)(`${title} on ${engine.name}`, () => body(engine));
}

/**
 * `runwatch migrate-to-postgres`: copies the SQLite store in RUNWATCH_DATA_DIR
 * into the empty PostgreSQL database DATABASE_URL names (docs/postgres.md).
 */
import { parseArgs } from "node:util";
import { copySqliteToPostgres } from "../../server/store/postgres/copy-from-sqlite";
import { EXIT, type CliContext } from "./io";

/** Usage text of the `migrate-to-postgres` command. */
export const MIGRATE_USAGE = `  migrate-to-postgres [--json]
      Copies every row of the SQLite database in RUNWATCH_DATA_DIR into the empty PostgreSQL
      database DATABASE_URL names (stop Runwatch first). The SQLite file is only read.`;

/** Runs `migrate-to-postgres …`; resolves with the exit code. */
export async function migrateCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: "boolean", default: false } },
    strict: true,
  });
  const url = ctx.settings.databaseUrl;
  if (url === null) {
    await ctx.err("runwatch: set DATABASE_URL to the PostgreSQL database to copy into\n");
    return EXIT.usage;
  }
  let report;
  try {
    report = await copySqliteToPostgres(ctx.settings.dataDir, url, async (table, copied, total) => {
      if (!values.json && copied === total)
        await ctx.err(`${table}: ${copied.toLocaleString("en-US")} rows\n`);
    });
  } catch (error) {
    await ctx.err(`runwatch: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
  const rows = Object.values(report).reduce((sum, n) => sum + n, 0);
  await ctx.out(
    values.json
      ? `${JSON.stringify({ tables: report, rows })}\n`
      : `Copied ${rows.toLocaleString("en-US")} rows in ${Object.keys(report).length} tables.\n`,
  );
  return EXIT.ok;
}

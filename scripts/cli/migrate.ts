/**
 * `runwatch migrate-to-postgres`: copies the SQLite store in RUNWATCH_DATA_DIR
 * into the empty PostgreSQL database DATABASE_URL names (docs/postgres.md).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { AUDIT_KEY_FILE } from "../../server/runtime/audit-key";
import { copySqliteToPostgres } from "../../server/store/postgres/copy-from-sqlite";
import { EXIT, type CliContext } from "./io";

/** Usage text of the `migrate-to-postgres` command. */
export const MIGRATE_USAGE = `  migrate-to-postgres [--json]
      Copies every row of the SQLite database in RUNWATCH_DATA_DIR into the empty PostgreSQL
      database DATABASE_URL names (stop Runwatch first). The SQLite file is only read.
      Prints how every node gets the audit key the copied chain is keyed with.`;

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
  const auditKey = sharedKeyAdvice(ctx.settings.dataDir, ctx.settings.audit.key !== undefined);
  await ctx.out(
    values.json
      ? `${JSON.stringify({ tables: report, rows, auditKey })}\n`
      : `Copied ${rows.toLocaleString("en-US")} rows in ${Object.keys(report).length} tables.\n${auditKey}\n`,
  );
  return EXIT.ok;
}

/**
 * What every node needs to go on verifying the copied chain: the key it was
 * written with (the copy moves no hash). The key itself is never printed.
 */
export function sharedKeyAdvice(dataDir: string, keySet: boolean): string {
  return keySet
    ? "Audit key: the copied chain is keyed with this install's RUNWATCH_AUDIT_KEY; set that same value on every node."
    : `Audit key: the copied chain is keyed with ${path.join(dataDir, AUDIT_KEY_FILE)}; set ` +
        `RUNWATCH_AUDIT_KEY=hex:<its 64 hex digits> on every node (e.g. RUNWATCH_AUDIT_KEY="hex:$(cat ${path.join(dataDir, AUDIT_KEY_FILE)})"), ` +
        "which start only with it.";
}

/**
 * The `runwatch` admin CLI: parses the command line and dispatches. It opens
 * the same store as the server (from the same settings), so it works beside a
 * running server.
 */
import { systemClock, type Clock } from "../../server/domain/clock";
import { loadSettings, SettingsError, type Settings } from "../../server/settings";
import { AuditKeyError, checkAuditKeyFitsChain, sharedAuditKey } from "../../server/auth/shared-audit-key";
import { loadAuditKey } from "../../server/runtime/audit-key";
import { openStore } from "../../server/store/open";
import { AUDIT_USAGE, auditCommand } from "./audit";
import { EVIDENCE_USAGE, evidenceCommand, evidenceVerify } from "./evidence";
import { EXIT, UsageError, type Write } from "./io";
import { KEYS_USAGE, keysCommand } from "./keys";
import { MIGRATE_USAGE, migrateCommand } from "./migrate";
import { PRIVACY_USAGE, privacyCommand } from "./privacy";
import { REPLAY_USAGE, replayCommand } from "./replay";

/** The full usage text. */
export const USAGE = `Usage: npm run runwatch -- <command>

${KEYS_USAGE}
${AUDIT_USAGE}
${REPLAY_USAGE}
${PRIVACY_USAGE}
${EVIDENCE_USAGE}
${MIGRATE_USAGE}

The database is found as the server finds it: DATABASE_URL (PostgreSQL) when set, else the SQLite
file in RUNWATCH_DATA_DIR (default ./data).
`;

/** Where the CLI runs: environment, output and clock. */
export interface CliEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  out: Write;
  err: Write;
  clock?: Clock;
}

/** Runs one CLI invocation; resolves with the process exit code. */
export async function runCli(argv: readonly string[], environment: CliEnvironment): Promise<number> {
  const { out, err } = environment;
  const [group, ...rest] = argv;
  if (group === undefined || group === "help" || group === "--help" || group === "-h") {
    await (group === undefined ? err : out)(USAGE);
    return group === undefined ? EXIT.usage : EXIT.ok;
  }
  const commands: Record<string, typeof keysCommand> = {
    keys: keysCommand,
    audit: auditCommand,
    replay: replayCommand,
    privacy: privacyCommand,
    evidence: evidenceCommand,
    "migrate-to-postgres": migrateCommand,
  };
  const command = Object.hasOwn(commands, group) ? commands[group] : null;
  if (!command) {
    await err(`runwatch: unknown command "${group}"\n\n${USAGE}`);
    return EXIT.usage;
  }

  // Verifying a bundle is offline: an auditor's copy has no database to open.
  if (group === "evidence" && rest[0] === "verify") {
    try {
      return await evidenceVerify(rest.slice(1), out);
    } catch (error) {
      if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
        await err(`runwatch: ${(error as Error).message}\n\n${USAGE}`);
        return EXIT.usage;
      }
      throw error;
    }
  }
  let settings;
  try {
    settings = loadSettings(environment.env);
  } catch (error) {
    if (error instanceof SettingsError) {
      await err(`runwatch: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  // migrate-to-postgres reads the SQLite install's own key; every other command shares the nodes'.
  const keyed = group === "migrate-to-postgres" ? null : auditKeyOrMessage(settings);
  if (typeof keyed === "string") {
    await err(`runwatch: ${keyed}\n`);
    return EXIT.failed;
  }
  // A command needs one connection or two, not a server's pool.
  const store = await openStore(settings, {
    poolSize: 2,
    auditKey: keyed ?? loadAuditKey(settings.dataDir, settings.audit.key),
  });
  try {
    // Commands that append to a shared chain must not do it under another key (`audit` only reads).
    if (keyed && settings.databaseUrl !== null && group !== "audit") {
      await checkAuditKeyFitsChain(store, keyed);
    }
    return await command({ store, settings, clock: environment.clock ?? systemClock, out, err }, rest);
  } catch (error) {
    if (error instanceof AuditKeyError) {
      await err(`runwatch: ${error.message}\n`);
      return EXIT.failed;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      await err(`runwatch: ${(error as Error).message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    throw error;
  } finally {
    await store.close();
  }
}

/** The shared audit key, or the message saying why there is none (`sharedAuditKey`). */
function auditKeyOrMessage(settings: Settings): Buffer | string {
  try {
    return sharedAuditKey(settings);
  } catch (error) {
    if (error instanceof AuditKeyError) return error.message;
    throw error;
  }
}

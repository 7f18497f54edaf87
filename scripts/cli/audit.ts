/**
 * `runwatch audit …`: verify the hash chain and export the log.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { verifyAnchored } from "../../server/auth/audit-checkpoints";
import { AUDIT_EXPORT_FORMATS, exportAudit, type AuditExportFormat } from "../../server/domain/audit-export";
import { loadAuditKey } from "../../server/runtime/audit-key";
import { CLI_ACTOR, EXIT, UsageError, type CliContext, type Write } from "./io";

/** Usage text of the `audit` commands. */
export const AUDIT_USAGE = `  audit verify [--json]
      Checks the hash chain (HMACs under the audit key) against the latest checkpoint
      outside the database; exits 1 naming the first broken link, a truncated tail
      or a recomputed chain.
  audit export [--format jsonl|csv] [--out <file>]
      Writes the whole log, oldest first (default: JSON Lines to stdout).`;

/** Runs `audit <sub> …`; resolves with the exit code. @throws UsageError */
export async function auditCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case "verify":
      return verify(ctx, rest);
    case "export":
      return exportLog(ctx, rest);
    default:
      throw new UsageError(sub ? `unknown command "audit ${sub}"` : "audit needs a command");
  }
}

async function verify(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: "boolean", default: false } },
    strict: true,
  });
  const key = loadAuditKey(ctx.settings.dataDir, ctx.settings.audit.key);
  const result = await verifyAnchored(ctx.store, key, ctx.settings.audit.checkpointFile);
  if (values.json) {
    await ctx.out(`${JSON.stringify(result)}\n`);
  } else if (result.ok) {
    await ctx.out(
      `OK: ${result.count} audit entr${result.count === 1 ? "y" : "ies"}, chain intact` +
        (result.head ? ` (head seq ${result.head.seq}, hash ${result.head.hash})` : "") +
        "\n" +
        (result.checkpoint
          ? `Matches the checkpoint of ${result.checkpoint.at} (seq ${result.checkpoint.seq})\n`
          : "No checkpoint yet: truncation of the newest entries cannot be ruled out\n"),
    );
  } else {
    await ctx.out(
      `BROKEN${result.brokenAt > 0 ? ` at seq ${result.brokenAt}` : ""}: ${result.reason}\n` +
        `(${result.count} entr${result.count === 1 ? "y" : "ies"} before it verified intact)\n`,
    );
  }
  return result.ok ? EXIT.ok : EXIT.failed;
}

async function exportLog(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { format: { type: "string", default: "jsonl" }, out: { type: "string" } },
    strict: true,
  });
  const format = values.format as AuditExportFormat;
  if (!AUDIT_EXPORT_FORMATS.includes(format)) {
    throw new UsageError(`--format must be one of ${AUDIT_EXPORT_FORMATS.join(", ")}`);
  }
  let write: Write = ctx.out;
  let fd: number | null = null;
  if (values.out) {
    const file = fs.openSync(values.out, "w");
    fd = file;
    write = async (chunk) => {
      fs.writeSync(file, chunk);
    };
  }
  let entries = 0;
  try {
    for await (const chunk of exportAudit(async (after, limit) => {
      const page = await ctx.store.readAuditAfter(after, limit);
      entries += page.length;
      return page;
    }, format)) {
      await write(chunk);
    }
    if (fd !== null) fs.fsyncSync(fd);
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
  await ctx.store.appendAudit(
    { actor: CLI_ACTOR, action: "audit.exported", details: { format, entries, file: values.out ?? null } },
    ctx.clock.now(),
  );
  if (values.out) await ctx.err(`Exported ${entries} audit entries to ${values.out}\n`);
  return EXIT.ok;
}

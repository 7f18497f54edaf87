/**
 * `runwatch privacy erase --person <login-or-email> [--dry-run] [--json]`:
 * GDPR erasure of one person from the stored data, audited as the server's
 * `POST /api/v1/privacy/erasures` is (server/privacy/erasure.ts).
 */
import { parseArgs } from "node:util";
import { erasePerson, loadPrivacyKey, MAX_PERSON } from "../../server/privacy/erasure";
import { CLI_ACTOR, EXIT, UsageError, type CliContext } from "./io";

/** Usage text of the `privacy` command. */
export const PRIVACY_USAGE = `  privacy erase --person <login-or-email> [--dry-run] [--json]
      Replaces a person (their login, email and name in every stored job, run, raw delivery,
      suggestion, roll-up and alert) with a stable pseudonym. Audited as privacy.erased.
      --dry-run counts what would change and changes nothing.`;

/** Runs `privacy …`; resolves with the exit code. */
export async function privacyCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "erase") throw new UsageError(`unknown privacy command "${sub ?? ""}"`);
  const { values } = parseArgs({
    args: rest,
    options: {
      person: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
    strict: true,
  });
  const person = values.person?.trim() ?? "";
  if (person.length < 3 || person.length > MAX_PERSON) {
    await ctx.err(`runwatch: --person must be a login, email or name of 3 to ${MAX_PERSON} characters\n`);
    return EXIT.usage;
  }
  const result = await erasePerson(ctx.store, loadPrivacyKey(ctx.settings.dataDir), {
    person,
    dryRun: values["dry-run"],
    actor: CLI_ACTOR,
    now: ctx.clock.now(),
  });
  if (values.json) {
    await ctx.out(`${JSON.stringify(result)}\n`);
    return EXIT.ok;
  }
  const rows = Object.entries(result.touched).filter(([, n]) => n > 0);
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  const verb = result.dryRun ? "Would rewrite" : "Rewrote";
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : word.endsWith("s") ? "es" : "s"}`;
  await ctx.out(
    `${verb} ${plural(total, "row")} as ${result.pseudonym} (${plural(result.aliases, "alias")} found).\n`,
  );
  for (const [table, n] of rows) await ctx.out(`  ${table}: ${n}\n`);
  return EXIT.ok;
}

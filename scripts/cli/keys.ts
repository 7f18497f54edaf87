/**
 * `runwatch keys …`: create, list and revoke API keys. Every change is
 * recorded in the audit log with actor `cli`.
 */
import { parseArgs } from "node:util";
import { normaliseScopes } from "../../server/domain/credentials";
import { CLI_ACTOR, EXIT, UsageError, shortTime, table, type CliContext } from "./io";

/** Usage text of the `keys` commands. */
export const KEYS_USAGE = `  keys create --name <name> --scope <ingest|read|admin|auditor> [--scope …] [--team <name> …] [--json]
      Creates a key and prints its secret ONCE. With --team, it sees only those teams' jobs.
  keys list [--json]
      Lists every key (never the secrets).
  keys revoke <id>
      Revokes a key and signs out its sessions.`;

/** Runs `keys <sub> …`; resolves with the exit code. @throws UsageError */
export async function keysCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case "create":
      return create(ctx, rest);
    case "list":
      return list(ctx, rest);
    case "revoke":
      return revoke(ctx, rest);
    default:
      throw new UsageError(sub ? `unknown command "keys ${sub}"` : "keys needs a command");
  }
}

async function create(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: "string" },
      scope: { type: "string", multiple: true },
      team: { type: "string", multiple: true },
      json: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (!values.name) throw new UsageError("keys create needs --name");
  const teams = [...new Set((values.team ?? []).flatMap((t) => t.split(",").map((part) => part.trim())))];
  if (teams.length > 0) {
    const known = new Set((await ctx.store.listTeams()).map((t) => t.name));
    const unknown = teams.find((t) => !known.has(t));
    if (unknown !== undefined)
      throw new UsageError(`--team: no team named "${unknown}" (see the Admin page's Teams)`);
  }
  if (!values.scope?.length) throw new UsageError("keys create needs at least one --scope");
  let scopes;
  try {
    scopes = normaliseScopes(values.scope.flatMap((s) => s.split(",").map((part) => part.trim())));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const now = ctx.clock.now();
  const { key, secret } = await ctx.store.createApiKey(
    { name: values.name, scopes, createdBy: CLI_ACTOR, teams },
    now,
  );
  await ctx.store.appendAudit(
    {
      actor: CLI_ACTOR,
      action: "key.created",
      target: key.id,
      details: { name: key.name, scopes: key.scopes, teams: key.teams },
    },
    now,
  );
  if (values.json) {
    await ctx.out(`${JSON.stringify({ key, secret })}\n`);
  } else {
    await ctx.out(
      `Created key ${key.id} "${key.name}" (${key.scopes.join(", ")}` +
        `${key.teams.length > 0 ? `; teams ${key.teams.join(", ")}` : ""}).\n` +
        `Its secret is shown only this once; store it now:\n\n  ${secret}\n\n`,
    );
  }
  return EXIT.ok;
}

async function list(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: "boolean", default: false } },
    strict: true,
  });
  const keys = await ctx.store.listApiKeys();
  if (values.json) {
    await ctx.out(`${JSON.stringify(keys)}\n`);
    return EXIT.ok;
  }
  if (keys.length === 0) {
    await ctx.out(
      "No keys yet. Create one with: npm run runwatch -- keys create --name <name> --scope read\n",
    );
    return EXIT.ok;
  }
  await ctx.out(
    table(
      ["ID", "PREFIX", "NAME", "SCOPES", "TEAMS", "CREATED BY", "CREATED", "LAST USED", "REVOKED"],
      keys.map((k) => [
        k.id,
        k.prefix,
        k.name,
        k.scopes.join(","),
        k.teams.join(",") || "-",
        k.createdBy,
        shortTime(k.createdAt),
        shortTime(k.lastUsedAt),
        shortTime(k.revokedAt),
      ]),
    ),
  );
  return EXIT.ok;
}

async function revoke(ctx: CliContext, args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const [id, extra] = positionals;
  if (!id || extra !== undefined) throw new UsageError("keys revoke needs exactly one key id");
  const key = await ctx.store.getApiKey(id);
  if (!key) {
    await ctx.err(`No key with id ${id} (see: npm run runwatch -- keys list)\n`);
    return EXIT.failed;
  }
  const now = ctx.clock.now();
  if (!(await ctx.store.revokeApiKey(id, now))) {
    await ctx.err(`Key ${id} "${key.name}" was already revoked at ${key.revokedAt ?? "?"}\n`);
    return EXIT.failed;
  }
  await ctx.store.appendAudit(
    { actor: CLI_ACTOR, action: "key.revoked", target: id, details: { name: key.name, scopes: key.scopes } },
    now,
  );
  await ctx.out(`Revoked key ${id} "${key.name}"; its sessions are signed out.\n`);
  return EXIT.ok;
}

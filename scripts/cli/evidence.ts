/**
 * `runwatch evidence …`: write the signed evidence bundle for a period, and
 * verify one offline (no database needed: an auditor runs it on their copy).
 */
import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { createGzip } from "node:zlib";
import { bundlePeriod, bundleQuerySchema } from "../../lib/evidence-bundle";
import { readLatestCheckpoint, verifyAnchored } from "../../server/auth/audit-checkpoints";
import { evidenceBundle } from "../../server/evidence/bundle";
import { verifyBundle } from "../../server/evidence/bundle-verify";
import { createDeliveryWindow } from "../../server/evidence/delivery-window";
import type { EvidenceDeps } from "../../server/evidence/evidence-deps";
import { isConfigured } from "../../server/ingest/ingest-service";
import { ADAPTERS } from "../../server/ingest/adapters";
import { loadAuditKey } from "../../server/runtime/audit-key";
import { loadEvidenceSigningKey } from "../../server/runtime/evidence-signing-key";
import { CLI_ACTOR, EXIT, UsageError, type CliContext, type Write } from "./io";

/** Usage text of the `evidence` commands. */
export const EVIDENCE_USAGE = `  evidence export [--window 24h|7d|30d|90d | --from <iso> [--to <iso>]] --out <file.tar.gz>
      Writes the signed evidence bundle for the period (default: the last 24 h). Its figures
      kept in a server's memory (delivery verdicts, latencies, routes, process) are this
      command's own, i.e. empty: take the bundle from GET /api/v1/evidence/export for those.
  evidence verify <bundle.tar.gz> [--public-key <pem>]
      Checks the signature and every file's SHA-256 offline; exits 1 naming the file that fails.
      --public-key: also require the bundle to be signed by this key (from GET /api/v1/evidence/public-key).`;

/** Runs `evidence <sub> …` against the store; resolves with the exit code. @throws UsageError */
export async function evidenceCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "export") return exportBundle(ctx, rest);
  if (sub === "verify") return evidenceVerify(rest, ctx.out);
  throw new UsageError(sub ? `unknown command "evidence ${sub}"` : "evidence needs a command");
}

async function exportBundle(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      window: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      out: { type: "string" },
    },
    strict: true,
  });
  if (!values.out) throw new UsageError("evidence export needs --out <file.tar.gz>");
  const parsed = bundleQuerySchema.safeParse({ window: values.window, from: values.from, to: values.to });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--${String(issue?.path[0] ?? "window")}: ${issue?.message ?? "invalid"}`);
  }
  const { store, settings, clock } = ctx;
  const now = clock.now();
  const period = bundlePeriod(parsed.data, now);
  const auditKey = loadAuditKey(settings.dataDir, settings.audit.key);
  const verifyAudit = () => verifyAnchored(store, auditKey, settings.audit.checkpointFile);
  const evidence: EvidenceDeps = {
    store,
    clock,
    deliveries: createDeliveryWindow(clock),
    sources: ADAPTERS.map((adapter) => ({
      source: adapter.source,
      configured: isConfigured(adapter, settings.secrets),
      secretVariables: adapter.secretVariables,
    })),
    routes: () => [],
    settings,
    eventLoopLag: () => ({ p50Ms: 0, p99Ms: 0, maxMs: 0, windowMs: 0 }),
    dashboards: () => 0,
    startedAt: now,
    verifyAudit,
  };
  await store.appendAudit(
    {
      actor: CLI_ACTOR,
      action: "evidence.exported",
      target: null,
      ip: null,
      details: { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() },
    },
    now,
  );
  const signingKey = loadEvidenceSigningKey(settings.dataDir);
  const bundle = evidenceBundle(
    {
      evidence,
      store,
      settings,
      signingKey,
      latestCheckpoint: async () => {
        const reading = await readLatestCheckpoint(settings.audit.checkpointFile, auditKey);
        return reading?.ok ? reading.checkpoint : null;
      },
      verifyAudit,
    },
    period,
    now,
  );
  await pipeline(Readable.from(bundle), createGzip(), fs.createWriteStream(values.out, { mode: 0o600 }));
  await ctx.out(
    `Wrote ${values.out}: evidence from ${new Date(period.from).toISOString()} to ` +
      `${new Date(period.to).toISOString()}\nSigned with the key of fingerprint ${signingKey.fingerprint}\n`,
  );
  return EXIT.ok;
}

/**
 * `evidence verify <bundle> [--public-key <pem>]`, which needs no database:
 * the CLI runs it before opening one.
 */
export async function evidenceVerify(args: string[], out: Write): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { "public-key": { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError("evidence verify needs one bundle file");
  const trusted = values["public-key"] ? fs.readFileSync(values["public-key"], "utf8") : undefined;
  const result = verifyBundle(fs.readFileSync(file), trusted);
  if (!result.ok) {
    await out(`FAILED: ${result.file}: ${result.reason}\n`);
    return EXIT.failed;
  }
  const { period, files } = result.manifest;
  await out(
    `OK: ${file} is intact: ${files.length + 2} files, evidence from ${period.from} to ${period.to}\n` +
      `Signed by the key of fingerprint ${result.fingerprint}` +
      (trusted ? " (the trusted key given)\n" : "; compare it with GET /api/v1/evidence/public-key\n"),
  );
  return EXIT.ok;
}

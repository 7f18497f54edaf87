/**
 * The signed evidence bundle: `GET /api/v1/evidence/export` (a .tar.gz for a
 * period, streamed) and `GET /api/v1/evidence/public-key` (the key its
 * manifest is signed with). Access `audit`: admin or auditor.
 */
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { bundlePeriod, bundleQuerySchema } from "../../lib/evidence-bundle";
import type { AuditRecorder } from "../auth/audit";
import type { Clock } from "../domain/clock";
import { evidenceBundle, type BundleDeps } from "../evidence/bundle";
import type { EvidenceSigningKey } from "../runtime/evidence-signing-key";
import { parseQuery } from "./validate";

/** Dependencies of the export routes. */
export interface EvidenceExportDeps {
  bundle: Omit<BundleDeps, "signingKey">;
  /** The signing key, generated at first use. */
  signingKey: () => EvidenceSigningKey;
  audit: AuditRecorder;
  clock: Clock;
}

/** `2026-01-02T03-04-05Z`: an ISO time safe in a file name. */
const stamp = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-");

/** Registers the export and public-key routes. */
export async function evidenceExportRoutes(
  app: FastifyInstance,
  { bundle, signingKey, audit, clock }: EvidenceExportDeps,
): Promise<void> {
  const audited = { config: { access: "audit" as const } };

  app.get("/api/v1/evidence/public-key", audited, async (_request, reply) => {
    const key = signingKey();
    return reply
      .header("cache-control", "no-store")
      .send({ algorithm: "Ed25519", publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint });
  });

  app.get("/api/v1/evidence/export", audited, async (request, reply) => {
    const query = parseQuery(bundleQuerySchema, request.query);
    const now = clock.now();
    const period = bundlePeriod(query, now);
    // Recorded first, so the bundle's own audit log shows that it was taken.
    await audit.record({
      actor: request.principal?.keyId ?? "anonymous",
      action: "evidence.exported",
      ip: request.ip,
      details: { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() },
    });
    const tar = Readable.from(evidenceBundle({ ...bundle, signingKey: signingKey() }, period, now));
    const gzip = createGzip();
    // A failure mid-stream cannot change the status any more: cut the download so it is visibly incomplete.
    tar.once("error", (error) => {
      request.log.error({ err: error }, "evidence bundle not completed");
      gzip.destroy(error);
    });
    return reply
      .header("content-type", "application/gzip")
      .header(
        "content-disposition",
        `attachment; filename="runwatch-evidence-${stamp(period.from)}--${stamp(period.to)}.tar.gz"`,
      )
      .header("cache-control", "no-store")
      .send(tar.pipe(gzip));
  });
}

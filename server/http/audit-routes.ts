/** The audit log, for admins and auditors: list with filters, chain verification, export. */
import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import {
  auditExportQuerySchema,
  auditQuerySchema,
  type AuditEntry,
  type AuditVerification,
} from "../../lib/auth";
import type { AuditRecorder } from "../auth/audit";
import { AUDIT_EXPORT_CONTENT_TYPES, exportAudit } from "../domain/audit-export";
import type { Clock } from "../domain/clock";
import type { AuditStore } from "../store/store";
import { parseQuery } from "./validate";

const exportQuerySchema = auditExportQuerySchema;

/** Keeps the entries an export's filters select (the chain itself is always read whole, in order). */
function matches(entry: AuditEntry, filter: z.infer<typeof exportQuerySchema>): boolean {
  if (filter.action) {
    const prefix = filter.action.endsWith(".*") ? filter.action.slice(0, -1) : null;
    if (prefix ? !entry.action.startsWith(prefix) : entry.action !== filter.action) return false;
  }
  if (filter.actor && entry.actor !== filter.actor) return false;
  const at = Date.parse(entry.at);
  if (filter.since && at < Date.parse(filter.since)) return false;
  if (filter.until && at >= Date.parse(filter.until)) return false;
  return true;
}

/**
 * Registers `/api/v1/audit`, `/audit/verify`, `/audit/export` (read-only: admin or auditor scope).
 * `verifyAudit` checks the chain against its latest checkpoint; without it the chain is checked alone.
 */
export async function auditRoutes(
  app: FastifyInstance,
  {
    store,
    clock,
    audit,
    verifyAudit,
  }: {
    store: AuditStore;
    clock: Clock;
    audit: AuditRecorder;
    verifyAudit?: () => Promise<AuditVerification>;
  },
): Promise<void> {
  // Read-only: an auditor may read and export the log, as an admin may.
  const admin = { config: { access: "audit" as const } };

  app.get("/api/v1/audit", admin, async (request) =>
    store.listAudit(parseQuery(auditQuerySchema, request.query)),
  );

  app.get("/api/v1/audit/verify", admin, async () => (verifyAudit ? verifyAudit() : store.verifyAudit()));

  app.get("/api/v1/audit/export", admin, async (request, reply) => {
    const filter = parseQuery(exportQuerySchema, request.query);
    await audit.record({
      actor: request.principal?.keyId ?? "anonymous",
      action: "audit.exported",
      ip: request.ip,
      details: { ...filter },
    });
    const stamp = new Date(clock.now()).toISOString().replace(/[:.]/g, "-");
    return reply
      .header("content-type", AUDIT_EXPORT_CONTENT_TYPES[filter.format])
      .header("content-disposition", `attachment; filename="runwatch-audit-${stamp}.${filter.format}"`)
      .header("cache-control", "no-store")
      .send(
        Readable.from(
          exportAudit(
            (after, limit) => store.readAuditAfter(after, limit),
            filter.format,
            undefined,
            (entry) => matches(entry, filter),
          ),
        ),
      );
  });
}

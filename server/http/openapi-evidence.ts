/**
 * The OpenAPI operations and component schemas of `evidence-routes.ts`, taken
 * from the zod contract in `lib/evidence.ts` so they cannot drift.
 */
import {
  accessReviewSchema,
  evidenceQuerySchema,
  evidenceSchema,
  recordReviewSchema,
} from "../../lib/evidence";
import { bundleQuerySchema } from "../../lib/evidence-bundle";
import { errorResponse, json, operation, queryParameters, type Method } from "./openapi-operation";
import { fromZod, ref, type JsonSchema } from "./openapi-schema-kit";

const TAG = "Evidence";

/** The tag of the evidence operations. */
export const EVIDENCE_TAG = {
  name: TAG,
  description: "Audit evidence in five sections, and the access review (admin or auditor).",
};

/** Component schemas of the evidence answers. */
export const EVIDENCE_SCHEMAS: Record<string, JsonSchema> = {
  Evidence: fromZod(evidenceSchema),
  AccessReview: fromZod(accessReviewSchema),
};

/** The evidence paths. */
export function evidencePaths(): Record<string, Partial<Record<Method, JsonSchema>>> {
  return {
    "/api/v1/evidence": {
      get: operation("get", "getEvidence", {
        tag: TAG,
        access: "audit",
        summary: "Audit evidence over a window",
        description:
          "Security, performance, compliance, integrity and resources: each control with its status (pass, attention, fail), its figures and how they were measured. Rules: docs/evidence.md.",
        parameters: queryParameters(evidenceQuerySchema, { window: "24h, 7d, 30d or 90d (default 24h)." }),
        responses: {
          "200": json(ref("Evidence"), "The evidence, computed for this request."),
          "400": errorResponse("BadRequest"),
        },
      }),
    },
    "/api/v1/evidence/access-review": {
      get: operation("get", "getAccessReview", {
        tag: TAG,
        access: "audit",
        summary: "Every unrevoked key and active session, and the last review",
        responses: { "200": json(ref("AccessReview"), "The access review.") },
      }),
      post: operation("post", "recordAccessReview", {
        tag: TAG,
        access: "audit",
        summary: "Record that the caller reviewed access now (audited as `access.reviewed`)",
        requestBody: {
          required: false,
          content: { "application/json": { schema: fromZod(recordReviewSchema) } },
        },
        responses: {
          "201": json(ref("AccessReview"), "Recorded; the review as it now stands."),
          "400": errorResponse("BadRequest"),
        },
      }),
    },
    "/api/v1/evidence/export": {
      get: operation("get", "exportEvidenceBundle", {
        tag: TAG,
        access: "audit",
        summary:
          "The signed evidence bundle for a period (.tar.gz, streamed; audited as `evidence.exported`)",
        description:
          "evidence.json, audit.jsonl (the period's contiguous run of the chain), chain-proof.json, keys.json, settings.json (secrets redacted), public-key.pem, SHA256SUMS, manifest.json (every file's SHA-256) and manifest.sig (Ed25519 over manifest.json, base64). A period with no data is a valid, empty bundle. Offline verification: docs/evidence.md.",
        parameters: queryParameters(bundleQuerySchema, {
          from: "Start of the period (ISO date or time, inclusive); not with window.",
          to: "End of the period (exclusive; default now); needs from.",
          window: "24h, 7d, 30d or 90d ending now (default 24h when from is absent).",
        }),
        responses: {
          "200": {
            description: "The bundle, a gzip-compressed POSIX tar archive.",
            content: { "application/gzip": { schema: { type: "string", format: "binary" } } },
          },
          "400": errorResponse("BadRequest"),
        },
      }),
    },
    "/api/v1/evidence/public-key": {
      get: operation("get", "getEvidencePublicKey", {
        tag: TAG,
        access: "audit",
        summary: "The Ed25519 public key that signs evidence bundles (generated at first use)",
        responses: {
          "200": json(
            {
              type: "object",
              required: ["algorithm", "publicKeyPem", "fingerprint"],
              properties: {
                algorithm: { type: "string", const: "Ed25519" },
                publicKeyPem: { type: "string", description: "SPKI PEM." },
                fingerprint: { type: "string", description: "SHA-256 of the key's DER bytes, hex." },
              },
            },
            "The public key.",
          ),
        },
      }),
    },
  };
}

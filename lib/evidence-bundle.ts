/**
 * The signed evidence bundle (`GET /api/v1/evidence/export`, `runwatch
 * evidence export`): what a request may ask for and what the manifest holds.
 * The archive's layout is documented in docs/evidence.md, "Evidence bundle".
 */
import { z } from "zod";
import { EVIDENCE_WINDOWS, EVIDENCE_WINDOW_MS, type EvidenceWindow } from "./evidence";
import { isoDateOrTimeSchema } from "./job";

/** The files of a bundle, in archive order (`manifest.json` and `manifest.sig` last). */
export const BUNDLE_FILES = [
  "evidence.json",
  "audit.jsonl",
  "chain-proof.json",
  "keys.json",
  "settings.json",
  "public-key.pem",
  "SHA256SUMS",
  "manifest.json",
  "manifest.sig",
] as const;

/**
 * The period of an export: `from`/`to` (ISO dates or times; `to` defaults to
 * now), or a `window` ending now (default `24h`). Not both.
 */
export const bundleQuerySchema = z
  .object({
    from: isoDateOrTimeSchema.optional(),
    to: isoDateOrTimeSchema.optional(),
    window: z.enum(EVIDENCE_WINDOWS).optional(),
  })
  .refine((q) => !(q.window && (q.from || q.to)), {
    message: "give either window or from/to, not both",
    path: ["window"],
  })
  .refine((q) => !(q.to && !q.from), { message: "to needs from", path: ["from"] })
  .refine((q) => !(q.from && q.to && Date.parse(q.to) <= Date.parse(q.from)), {
    message: "must be before to",
    path: ["from"],
  });

/** A bundle request as parsed. */
export type BundleQuery = z.infer<typeof bundleQuerySchema>;

/** The period a bundle covers, ms since epoch: `from` inclusive, `to` exclusive. */
export interface BundlePeriod {
  from: number;
  to: number;
  /** The evidence window reported in evidence.json: the smallest covering the period's start. */
  window: EvidenceWindow;
}

/** Resolves a query to its period at `now`. */
export function bundlePeriod(query: BundleQuery, now: number): BundlePeriod {
  if (!query.from) {
    const window = query.window ?? "24h";
    return { from: now - EVIDENCE_WINDOW_MS[window], to: now, window };
  }
  const from = Date.parse(query.from);
  const to = query.to ? Date.parse(query.to) : now;
  const window = EVIDENCE_WINDOWS.find((w) => now - EVIDENCE_WINDOW_MS[w] <= from) ?? "90d";
  return { from, to, window };
}

/** manifest.json: the period, when and by what it was made, and every other file's SHA-256. */
export interface BundleManifest {
  format: "runwatch-evidence-bundle/1";
  period: { from: string; to: string };
  generatedAt: string;
  /** SHA-256 of the signing public key (DER), hex: compare it with the one /evidence shows. */
  publicKeyFingerprint: string;
  files: { name: string; bytes: number; sha256: string }[];
}

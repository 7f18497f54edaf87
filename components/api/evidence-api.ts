/**
 * The evidence requests and their queries: `GET /api/v1/evidence`, the access
 * review and recording a review (admin or auditor). The evidence is polled, so
 * an open page stays live without a socket (an auditor has none).
 */
import { queryOptions } from "@tanstack/react-query";
import type { AccessReview, Evidence, EvidenceWindow } from "@/lib/evidence";
import { apiFetch, isFinalError } from "./api-client";

/** How often an open Evidence page asks again, ms. */
export const EVIDENCE_REFRESH_MS = 15_000;

/** Query keys of the evidence. */
export const evidenceKeys = {
  all: ["evidence"] as const,
  window: (window: EvidenceWindow) => ["evidence", "window", window] as const,
  accessReview: ["evidence", "access-review"] as const,
};

/** `GET /api/v1/evidence?window=…`. */
export function fetchEvidence(window: EvidenceWindow, signal?: AbortSignal): Promise<Evidence> {
  return apiFetch<Evidence>(`/api/v1/evidence?window=${window}`, { signal });
}

/** `GET /api/v1/evidence/access-review`. */
export function fetchAccessReview(signal?: AbortSignal): Promise<AccessReview> {
  return apiFetch<AccessReview>("/api/v1/evidence/access-review", { signal });
}

/** `POST /api/v1/evidence/access-review`: records that the signed-in reviewer reviewed access now. */
export function recordAccessReview(note?: string): Promise<AccessReview> {
  return apiFetch<AccessReview>("/api/v1/evidence/access-review", {
    method: "POST",
    body: note ? { note } : {},
  });
}

const retry = (failures: number, error: unknown) => !isFinalError(error) && failures < 2;

/** The evidence over a window, refreshed every {@link EVIDENCE_REFRESH_MS}. */
export const evidenceQuery = (window: EvidenceWindow) =>
  queryOptions({
    queryKey: evidenceKeys.window(window),
    queryFn: ({ signal }) => fetchEvidence(window, signal),
    refetchInterval: EVIDENCE_REFRESH_MS,
    retry,
  });

/** The access review, refreshed with the evidence. */
export const accessReviewQuery = () =>
  queryOptions({
    queryKey: evidenceKeys.accessReview,
    queryFn: ({ signal }) => fetchAccessReview(signal),
    refetchInterval: EVIDENCE_REFRESH_MS,
    retry,
  });

/** `GET /api/v1/evidence/public-key`: the Ed25519 key evidence bundles are signed with. */
export interface EvidencePublicKey {
  algorithm: "Ed25519";
  publicKeyPem: string;
  /** SHA-256 of the key (DER), hex, as each bundle's manifest names it. */
  fingerprint: string;
}

/** The signing key; it never changes while the server runs. */
export const evidencePublicKeyQuery = () =>
  queryOptions({
    queryKey: ["evidence", "public-key"] as const,
    queryFn: ({ signal }) => apiFetch<EvidencePublicKey>("/api/v1/evidence/public-key", { signal }),
    staleTime: Infinity,
    retry,
  });

/** Where the signed bundle of a window downloads from (the session cookie authenticates a same-origin GET). */
export const evidenceExportHref = (window: EvidenceWindow) => `/api/v1/evidence/export?window=${window}`;

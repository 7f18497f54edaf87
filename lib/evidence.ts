/**
 * The audit-evidence contract shared by `GET /api/v1/evidence`, its access
 * review and the /evidence page: five sections of controls, each with a
 * status, the figures behind it and how they were measured. Fields may be
 * added, never renamed.
 */
import { z } from "zod";
import { SCOPES } from "./auth";

/** Windows an evidence request may cover. */
export const EVIDENCE_WINDOWS = ["24h", "7d", "30d", "90d"] as const;

/** One evidence window. */
export type EvidenceWindow = (typeof EVIDENCE_WINDOWS)[number];

/** Length of each window, ms. */
export const EVIDENCE_WINDOW_MS: Record<EvidenceWindow, number> = {
  "24h": 24 * 3_600_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
  "90d": 90 * 86_400_000,
};

/** Query of `GET /api/v1/evidence`. */
export const evidenceQuerySchema = z.object({ window: z.enum(EVIDENCE_WINDOWS).default("24h") });

/** Statuses of a control, best first. */
export const CONTROL_STATUSES = ["pass", "attention", "fail"] as const;

/** How a control stands: `attention` needs a look, `fail` needs action. */
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

const scalar = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/** One figure: a number, text, flag, nothing, or a small table (rows of scalars). */
export const figureSchema = z.union([scalar, z.array(z.record(z.string(), scalar))]);

/** One figure (see {@link figureSchema}). */
export type Figure = z.infer<typeof figureSchema>;

/** One control: what is checked, how it stands, the numbers, and how they were measured. */
export const evidenceControlSchema = z.object({
  /** Stable, e.g. `security.webhook-auth`. */
  id: z.string(),
  title: z.string(),
  status: z.enum(CONTROL_STATUSES),
  figures: z.record(z.string(), figureSchema),
  /** How the figures were measured, in a sentence or two (source of the data and its limits). */
  measured: z.string(),
});

/** One control (see {@link evidenceControlSchema}). */
export type EvidenceControl = z.infer<typeof evidenceControlSchema>;

/** The five questions, in the order they are answered. */
export const EVIDENCE_SECTIONS = ["security", "performance", "compliance", "integrity", "resources"] as const;

/** One section id. */
export type EvidenceSectionId = (typeof EVIDENCE_SECTIONS)[number];

/** One section: its controls and the worst of their statuses. */
export const evidenceSectionSchema = z.object({
  id: z.enum(EVIDENCE_SECTIONS),
  title: z.string(),
  status: z.enum(CONTROL_STATUSES),
  controls: z.array(evidenceControlSchema),
});

/** One section (see {@link evidenceSectionSchema}). */
export type EvidenceSection = z.infer<typeof evidenceSectionSchema>;

/** `GET /api/v1/evidence`. Times are ISO 8601. */
export const evidenceSchema = z.object({
  window: z.enum(EVIDENCE_WINDOWS),
  /** Start of the window. */
  since: z.string(),
  generatedAt: z.string(),
  /** When this server started: in-memory figures (latencies, refusals for load) cover only since then. */
  processStartedAt: z.string(),
  sections: z.array(evidenceSectionSchema),
});

/** `GET /api/v1/evidence` (see {@link evidenceSchema}). */
export type Evidence = z.infer<typeof evidenceSchema>;

/** The worst of some statuses (`pass` when there are none). */
export function worstStatus(statuses: readonly ControlStatus[]): ControlStatus {
  let worst = 0;
  for (const status of statuses) worst = Math.max(worst, CONTROL_STATUSES.indexOf(status));
  return CONTROL_STATUSES[worst] ?? "pass";
}

/** One credential in the access review. Times are ISO 8601. */
export const reviewedKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  prefix: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** Whole days since creation. */
  ageDays: z.number().int(),
});

/** One active dashboard session in the access review. Times are ISO 8601. */
export const reviewedSessionSchema = z.object({
  id: z.string(),
  keyId: z.string(),
  keyName: z.string().nullable(),
  scopes: z.array(z.enum(SCOPES)),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  expiresAt: z.string(),
});

/** One open single sign-on session in the access review (revoked per user). Times are ISO 8601. */
export const reviewedUserSessionSchema = z.object({
  id: z.string(),
  userId: z.string(),
  /** The user's e-mail, or name when the provider gave none. */
  userName: z.string(),
  /** The role the user signed in with (`admin`, `read`, `auditor`). */
  role: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  expiresAt: z.string(),
});

/** `GET /api/v1/evidence/access-review`: every unrevoked key and active session, and the last review. */
export const accessReviewSchema = z.object({
  generatedAt: z.string(),
  keys: z.array(reviewedKeySchema),
  sessions: z.array(reviewedSessionSchema),
  /** Open single sign-on sessions (empty without single sign-on; absent in reviews from before it). */
  userSessions: z.array(reviewedUserSessionSchema).default([]),
  lastReview: z.object({ reviewer: z.string(), at: z.string(), note: z.string().nullable() }).nullable(),
});

/** The access review (see {@link accessReviewSchema}). */
export type AccessReview = z.infer<typeof accessReviewSchema>;

/** Body of `POST /api/v1/evidence/access-review`: records that the caller reviewed the list now. */
export const recordReviewSchema = z.object({ note: z.string().trim().max(500).optional() });

/**
 * The Audit page's filters as they live in the URL, their translation into an
 * API query, and the small pure formatters the audit table uses.
 */
import { AUDIT_ACTIONS, auditQuerySchema } from "@/lib/auth";
import type { AuditApiFilters } from "@/components/api/auth-api";

/** Filters of the Audit page, as kept in the query string. Dates are local calendar days (`YYYY-MM-DD`). */
export interface AuditFilters {
  action?: string;
  actor?: string;
  /** First day included. */
  since?: string;
  /** Last day included. */
  until?: string;
}

/** Every filter key, in the order the page shows them. */
export const AUDIT_FILTER_KEYS = ["action", "actor", "since", "until"] as const;

/** One of the audit filters. */
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];

/** Prefix filters (`auth.*`) for every family with more than one action, in first-seen order. */
export const AUDIT_ACTION_PREFIXES: string[] = (() => {
  const counts = new Map<string, number>();
  for (const action of AUDIT_ACTIONS) {
    const family = action.split(".")[0] ?? action;
    counts.set(family, (counts.get(family) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n > 1).map(([family]) => `${family}.*`);
})();

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The local midnight starting `day` (+ `offsetDays`), or undefined for a malformed day. */
function localMidnight(day: string, offsetDays = 0): Date | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = new Date(year, month - 1, date + offsetDays);
  // Reject roll-overs such as 2025-02-31.
  if (
    offsetDays === 0 &&
    (at.getFullYear() !== year || at.getMonth() !== month - 1 || at.getDate() !== date)
  ) {
    return undefined;
  }
  return Number.isNaN(at.getTime()) ? undefined : at;
}

const isDay = (value: string) => localMidnight(value) !== undefined;

/** Reads the filters from a query string, dropping malformed values. */
export function auditFiltersFromSearchParams(search: Pick<URLSearchParams, "get">): AuditFilters {
  const filters: AuditFilters = {};
  const action = search.get("action")?.trim();
  if (action && auditQuerySchema.shape.action.safeParse(action).success) filters.action = action;
  const actor = search.get("actor")?.trim();
  if (actor && actor.length <= 200) filters.actor = actor;
  for (const key of ["since", "until"] as const) {
    const value = search.get(key)?.trim();
    if (value && isDay(value)) filters[key] = value;
  }
  return filters;
}

/** True when any filter is set. */
export function hasAuditFilters(filters: AuditFilters): boolean {
  return AUDIT_FILTER_KEYS.some((key) => Boolean(filters[key]));
}

/**
 * The API query for the page's filters. Days are the reader's local days:
 * `since` starts at its local midnight and `until` includes its whole day
 * (the API's `until` is exclusive, so it becomes the next local midnight).
 */
export function toAuditApiFilters(filters: AuditFilters): AuditApiFilters {
  const api: AuditApiFilters = {};
  if (filters.action) api.action = filters.action;
  if (filters.actor) api.actor = filters.actor;
  const since = filters.since ? localMidnight(filters.since) : undefined;
  const until = filters.until ? localMidnight(filters.until, 1) : undefined;
  if (since) api.since = since.toISOString();
  if (until) api.until = until.toISOString();
  return api;
}

/** One `key=value` pair of an entry's details. */
export interface DetailChip {
  key: string;
  value: string;
}

const MAX_VALUE = 60;

function formatDetail(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== "object" || v === null)) return value.join(",");
  return JSON.stringify(value);
}

/** An entry's details as `key=value` chips, keys sorted; long values are cut with `…`. */
export function detailChips(details: Record<string, unknown>): (DetailChip & { full: string })[] {
  return Object.keys(details)
    .sort()
    .map((key) => {
      const full = formatDetail(details[key]);
      const value = full.length > MAX_VALUE ? `${full.slice(0, MAX_VALUE - 1)}…` : full;
      return { key, value, full };
    });
}

/** The first 12 hex digits of a hash: enough to compare by eye. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

/**
 * Browser side of the alerting API: channels, alert rules and the alert
 * history. Every call goes through {@link apiFetch}; the shapes come from
 * `lib/alerts.ts`.
 */
import type {
  AlertListResponse,
  AlertOpenCount,
  AlertRule,
  AlertRuleInput,
  Channel,
  ChannelInput,
} from "@/lib/alerts";
import { ApiRequestError, apiFetch } from "./api-client";
import type { ItemsResponse } from "./auth-api";

/** `POST /channels/:id/test` answer: whether the receiver took the test notification. */
export interface ChannelTestResult {
  ok: boolean;
  status?: number;
  /** A fixed text: "HTTP 500 from receiver", "connection refused", "address not allowed by the outbound policy"… */
  error?: string;
  /** The start of what the receiver answered, sanitised, at most 200 characters. */
  detail?: string;
}

/** A channel body as the form sends it; on edit, `config.secret: null` removes the secret. */
export type ChannelBody = Omit<ChannelInput, "config"> & {
  config: { url?: string | null; to?: string[] | null; secret?: string | null };
};

/** A rule body as the form sends it; on edit, a null field goes back to its default. */
export type RuleBody = {
  [K in keyof AlertRuleInput]?: AlertRuleInput[K] | null;
};

const channelPath = (id: string) => `/api/v1/channels/${encodeURIComponent(id)}`;
const rulePath = (id: string) => `/api/v1/alert-rules/${encodeURIComponent(id)}`;

/** `GET /api/v1/channels` (admin). */
export const fetchChannels = (signal?: AbortSignal) =>
  apiFetch<ItemsResponse<Channel>>("/api/v1/channels", { signal });

/** `POST /api/v1/channels`, or `PATCH /api/v1/channels/:id` when `id` is given. */
export const saveChannel = (body: ChannelBody, id?: string) =>
  id === undefined
    ? apiFetch<Channel>("/api/v1/channels", { method: "POST", body })
    : apiFetch<Channel>(channelPath(id), { method: "PATCH", body });

/** `DELETE /api/v1/channels/:id`. */
export const deleteChannel = (id: string) => apiFetch<void>(channelPath(id), { method: "DELETE" });

/** `POST /api/v1/channels/:id/test`: sends a test notification, answering whether it arrived. */
export const testChannel = (id: string) =>
  apiFetch<ChannelTestResult>(`${channelPath(id)}/test`, { method: "POST" });

/** `GET /api/v1/alert-rules`. */
export const fetchRules = (signal?: AbortSignal) =>
  apiFetch<ItemsResponse<AlertRule>>("/api/v1/alert-rules", { signal });

/** `POST /api/v1/alert-rules`, or `PATCH /api/v1/alert-rules/:id` when `id` is given. */
export const saveRule = (body: RuleBody, id?: string) =>
  id === undefined
    ? apiFetch<AlertRule>("/api/v1/alert-rules", { method: "POST", body })
    : apiFetch<AlertRule>(rulePath(id), { method: "PATCH", body });

/** `DELETE /api/v1/alert-rules/:id`. */
export const deleteRule = (id: string) => apiFetch<void>(rulePath(id), { method: "DELETE" });

/** `GET /api/v1/alerts`: one page, newest first; with `jobId`, only the alerts that job took part in. */
export function fetchAlerts(cursor: string | null, limit: number, signal?: AbortSignal, jobId?: string) {
  const params = new URLSearchParams({ limit: String(limit) });
  if (cursor) params.set("cursor", cursor);
  if (jobId) params.set("jobId", jobId);
  return apiFetch<AlertListResponse>(`/api/v1/alerts?${params}`, { signal });
}

/** `GET /api/v1/alerts/open-count`: how many alerts are firing now. */
export const fetchOpenAlertCount = (signal?: AbortSignal) =>
  apiFetch<AlertOpenCount>("/api/v1/alerts/open-count", { signal });

/**
 * The dotted field a 400 from the alerting API names (`config.url`,
 * `match.repo`), or null.
 */
export function errorField(error: unknown): string | null {
  if (!(error instanceof ApiRequestError) || error.status !== 400) return null;
  return error.field ?? null;
}

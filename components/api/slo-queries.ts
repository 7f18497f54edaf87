/**
 * Browser side of `/api/v1/slos`: every SLO with its status, and the admin
 * writes. Shapes come from `lib/slo.ts`.
 */
import { queryOptions } from "@tanstack/react-query";
import type { Slo, SloInput, SloStatus } from "@/lib/slo";
import { apiFetch } from "./api-client";
import type { ItemsResponse } from "./auth-api";

/** Query keys of SLOs. */
export const sloKeys = { all: ["slos"] as const };

/** Every SLO with its budget, burn rates and consumers; refreshed every 30 s (the alert tick's pace). */
export const sloListQuery = () =>
  queryOptions({
    queryKey: sloKeys.all,
    queryFn: ({ signal }) => apiFetch<ItemsResponse<SloStatus>>("/api/v1/slos", { signal }),
    refetchInterval: 30_000,
  });

const sloPath = (id: string) => `/api/v1/slos/${encodeURIComponent(id)}`;

/** `POST /api/v1/slos`, or `PUT /api/v1/slos/:id` when `id` is given (admin). */
export const saveSlo = (body: SloInput, id?: string) =>
  id === undefined
    ? apiFetch<Slo>("/api/v1/slos", { method: "POST", body })
    : apiFetch<Slo>(sloPath(id), { method: "PUT", body });

/** `DELETE /api/v1/slos/:id` (admin). */
export const deleteSlo = (id: string) => apiFetch<void>(sloPath(id), { method: "DELETE" });

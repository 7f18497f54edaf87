"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import type { JobStatus } from "@/lib/job";
import { filtersFromSearchParams, type FilterKey, type JobFilters } from "@/components/api/jobs-api";

/** What {@link useJobFilters} returns. */
export interface JobFiltersState {
  filters: JobFilters;
  /** Sets (or, given "", removes) one filter of the URL. */
  setText: (key: FilterKey, value: string) => void;
  setStatuses: (statuses: JobStatus[]) => void;
  clear: () => void;
}

/**
 * Job filters kept in the URL query string, so a link reproduces the view.
 * Must render inside `<Suspense>` (it reads `useSearchParams`).
 */
export function useJobFilters(): JobFiltersState {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const search = searchParams.toString();
  const filters = useMemo(() => filtersFromSearchParams(new URLSearchParams(search)), [search]);

  const update = useCallback(
    (edit: (params: URLSearchParams) => void) => {
      // Read the live URL, not the render's snapshot: two debounced inputs may commit before the router catches up.
      const params = new URLSearchParams(window.location.search);
      edit(params);
      params.delete("cursor");
      const query = params.toString().replaceAll("%2C", ",");
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  const setText = useCallback(
    (key: FilterKey, value: string) =>
      update((params) => {
        const trimmed = value.trim();
        if (trimmed) params.set(key, trimmed);
        else params.delete(key);
      }),
    [update],
  );

  const setStatuses = useCallback(
    (statuses: JobStatus[]) =>
      update((params) => {
        if (statuses.length > 0) params.set("status", statuses.join(","));
        else params.delete("status");
      }),
    [update],
  );

  const clear = useCallback(() => router.replace(pathname, { scroll: false }), [router, pathname]);

  return { filters, setText, setStatuses, clear };
}

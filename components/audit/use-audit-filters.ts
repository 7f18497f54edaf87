"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { auditFiltersFromSearchParams, type AuditFilterKey, type AuditFilters } from "./audit-params";

/** What {@link useAuditFilters} returns. */
export interface AuditFiltersState {
  filters: AuditFilters;
  set: (key: AuditFilterKey, value: string) => void;
  clear: () => void;
}

/**
 * Audit filters kept in the URL query string (as on the Jobs page), so a link
 * reproduces the view. Must render inside `<Suspense>` (it reads `useSearchParams`).
 */
export function useAuditFilters(): AuditFiltersState {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const search = searchParams.toString();
  const filters = useMemo(() => auditFiltersFromSearchParams(new URLSearchParams(search)), [search]);

  const set = useCallback(
    (key: AuditFilterKey, value: string) => {
      // Read the live URL, not the render's snapshot: a debounced input may commit before the router catches up.
      const params = new URLSearchParams(window.location.search);
      const trimmed = value.trim();
      if (trimmed) params.set(key, trimmed);
      else params.delete(key);
      params.delete("cursor");
      const query = params.toString().replaceAll("%2A", "*");
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  const clear = useCallback(() => router.replace(pathname, { scroll: false }), [router, pathname]);

  return { filters, set, clear };
}

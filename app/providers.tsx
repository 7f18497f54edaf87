"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { isFinalError } from "@/components/api/api-client";

/** Props of {@link Providers}. */
export interface ProvidersProps {
  children: ReactNode;
}

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Live patches keep cached lists current; refetching on focus would only add load.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 401/403/404 will not change by asking again (and a 401 is already on its way to sign-in).
        retry: (failures, error) => !isFinalError(error) && failures < 2,
      },
    },
  });
}

/**
 * Client-side context for the whole app: React Query. The live connection
 * belongs to the dashboard shell (`LiveProviders` in `AppShell`).
 */
export function Providers({ children }: ProvidersProps) {
  const [queryClient] = useState(makeQueryClient);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}

"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { LiveJobsBridge } from "@/components/live-jobs-bridge";
import { SocketProvider } from "@/components/socket-provider";

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
        retry: 2,
      },
    },
  });
}

/** Client-side context for the whole app: React Query, the Socket.IO connection and live cache patching. */
export function Providers({ children }: ProvidersProps) {
  const [queryClient] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <SocketProvider>
        <LiveJobsBridge />
        {children}
      </SocketProvider>
    </QueryClientProvider>
  );
}

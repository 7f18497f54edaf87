"use client";

import type { ReactNode } from "react";
import { LiveJobsBridge } from "./live-jobs-bridge";
import { SocketProvider } from "./socket-provider";

/** Props of {@link LiveProviders}. */
export interface LiveProvidersProps {
  children: ReactNode;
}

/**
 * The live connection and its cache patching, for pages inside the dashboard
 * shell only: the sign-in page has no session to open a socket with.
 */
export function LiveProviders({ children }: LiveProvidersProps) {
  return (
    <SocketProvider>
      <LiveJobsBridge />
      {children}
    </SocketProvider>
  );
}

"use client";

import type { ReactNode } from "react";
import { LiveJobsBridge } from "./live-jobs-bridge";
import { SocketProvider } from "./socket-provider";

/** Props of {@link LiveProviders}. */
export interface LiveProvidersProps {
  children: ReactNode;
  /** Reconnect forever, whatever ended the connection (the wallboard). */
  persistent?: boolean;
}

/**
 * The live connection and its cache patching, for pages inside the dashboard
 * shell only: the sign-in page has no session to open a socket with.
 */
export function LiveProviders({ children, persistent = false }: LiveProvidersProps) {
  return (
    <SocketProvider persistent={persistent}>
      <LiveJobsBridge />
      {children}
    </SocketProvider>
  );
}

"use client";

import { LogIn } from "lucide-react";
import { usePathname } from "next/navigation";
import { signInHref } from "@/components/auth/sign-in-path";
import type { ConnectionStatus } from "./socket-provider";
import { useSocket } from "./socket-provider";

const LABELS: Record<ConnectionStatus, { text: string; dot: string; detail: string }> = {
  connecting: {
    text: "Connecting",
    dot: "bg-amber-500 animate-pulse",
    detail: "Opening the live connection…",
  },
  connected: { text: "Live", dot: "bg-emerald-500", detail: "Receiving live updates." },
  reconnecting: {
    text: "Reconnecting",
    dot: "bg-amber-500 animate-pulse",
    detail: "Connection lost; retrying. Data may be stale.",
  },
  offline: { text: "Offline", dot: "bg-red-500", detail: "Not connected; data is not updating." },
  "signed-out": {
    text: "Signed out",
    dot: "bg-zinc-400",
    detail: "Your session ended, so live updates stopped. Sign in again to resume.",
  },
};

const pill =
  "inline-flex items-center gap-1.5 rounded-full border border-border bg-surface px-2 py-1 text-xs font-medium text-muted";

/** Live-connection status dot + text for the header; when signed out, a link to sign in again. */
export function ConnectionIndicator() {
  const { status } = useSocket();
  const pathname = usePathname();
  const label = LABELS[status];
  return (
    <span className="inline-flex items-center gap-1.5">
      <span
        role="status"
        data-testid="connection-status"
        data-state={status}
        title={label.detail}
        className={pill}
      >
        <span aria-hidden className={`size-2 rounded-full ${label.dot}`} />
        <span className="max-sm:sr-only">{label.text}</span>
        <span className="sr-only">{`: ${label.detail}`}</span>
      </span>
      {status === "signed-out" && (
        <a
          href={signInHref(pathname)}
          onClick={(event) => {
            // Come back with the query string too (filters), which the render does not know.
            event.currentTarget.href = signInHref(`${window.location.pathname}${window.location.search}`);
          }}
          className="inline-flex h-7 items-center gap-1 rounded-md bg-accent px-2 text-xs font-medium text-accent-foreground hover:opacity-90"
        >
          <LogIn aria-hidden className="size-3.5" />
          Sign in
        </a>
      )}
    </span>
  );
}

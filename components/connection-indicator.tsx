"use client";

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
};

/** Live-connection status dot + text for the header. */
export function ConnectionIndicator() {
  const { status } = useSocket();
  const label = LABELS[status];
  return (
    <span
      role="status"
      data-testid="connection-status"
      data-state={status}
      title={label.detail}
      className="inline-flex items-center gap-1.5 rounded-full border border-border bg-surface px-2 py-1 text-xs font-medium text-muted"
    >
      <span aria-hidden className={`size-2 rounded-full ${label.dot}`} />
      <span className="max-sm:sr-only">{label.text}</span>
      <span className="sr-only">{`: ${label.detail}`}</span>
    </span>
  );
}

"use client";

import { useEffect } from "react";
import { CircleAlert, RotateCw } from "lucide-react";

/** Props Next passes to a segment error boundary. */
export interface DashboardErrorProps {
  error: unknown;
  retry: () => void;
}

/** Error boundary of the dashboard pages; the shell stays usable. */
export default function DashboardError({ error, retry }: DashboardErrorProps) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  const digest =
    typeof error === "object" && error !== null && "digest" in error ? String(error.digest) : undefined;

  return (
    <div
      role="alert"
      className="mx-auto max-w-lg rounded-xl border border-border bg-surface p-6 text-center shadow-sm"
    >
      <CircleAlert aria-hidden className="mx-auto mb-3 size-8 text-red-600 dark:text-red-400" />
      <h1 className="text-lg font-semibold">Something went wrong</h1>
      <p className="mt-1 text-sm text-muted">
        This page failed to render. Live updates keep running; try again, or reload the page.
      </p>
      {digest && <p className="mt-2 font-mono text-xs text-muted">Reference: {digest}</p>}
      <button
        type="button"
        onClick={() => retry()}
        className="mt-4 inline-flex h-8 items-center gap-1.5 rounded-md bg-accent px-3 text-sm font-medium text-accent-foreground hover:opacity-90"
      >
        <RotateCw aria-hidden className="size-3.5" />
        Try again
      </button>
    </div>
  );
}

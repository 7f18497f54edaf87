"use client";

import { CircleAlert, RotateCw } from "lucide-react";
import type { ReactNode } from "react";
import { ApiRequestError } from "@/components/api/api-client";

/** Props of {@link QueryError}. */
export interface QueryErrorProps {
  error: unknown;
  onRetry?: () => void;
  /** What failed to load, e.g. "in-progress jobs". */
  what: string;
}

/** Human explanation of a failed request. */
export function describeError(error: unknown): string {
  if (error instanceof ApiRequestError) {
    if (error.status === 401) return "You are not signed in, or your session expired. Taking you to sign in…";
    if (error.status === 403) {
      return error.code === "csrf"
        ? "The server refused a request without its CSRF header. Reload the page and try again."
        : "The key you are signed in with does not have the scope this needs.";
    }
    if (error.status === 429) {
      return `Too many requests; try again in ${error.retryAfterSeconds ?? "a few"} s.`;
    }
    if (error.status === 0) return "Could not reach the Runwatch server. Is it running?";
    return error.message;
  }
  return error instanceof Error ? error.message : "Unexpected error.";
}

/** Inline error for a failed query, with a retry button. */
export function QueryError({ error, onRetry, what }: QueryErrorProps) {
  return (
    <div role="alert" className="flex flex-wrap items-start gap-3 px-4 py-6 text-sm">
      <CircleAlert aria-hidden className="mt-0.5 size-5 shrink-0 text-red-600 dark:text-red-400" />
      <div className="min-w-0 flex-1">
        <p className="font-medium">Could not load {what}.</p>
        <p className="mt-0.5 text-muted">{describeError(error)}</p>
      </div>
      {onRetry && (
        <button
          type="button"
          onClick={onRetry}
          className="inline-flex items-center gap-1.5 rounded-md border border-border bg-surface px-2.5 py-1.5 text-sm font-medium hover:bg-surface-muted"
        >
          <RotateCw aria-hidden className="size-3.5" />
          Retry
        </button>
      )}
    </div>
  );
}

/** Props of {@link TableSkeleton}. */
export interface TableSkeletonProps {
  rows?: number;
  label: string;
}

/** Placeholder rows while a table loads. */
export function TableSkeleton({ rows = 5, label }: TableSkeletonProps) {
  return (
    <div role="status" aria-label={label} className="divide-y divide-border">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex items-center gap-4 px-3 py-3">
          <div className="h-5 w-20 animate-pulse rounded-full bg-surface-muted" />
          <div className="flex-1 space-y-1.5">
            <div className="h-3.5 w-1/3 animate-pulse rounded bg-surface-muted" />
            <div className="h-3 w-1/2 animate-pulse rounded bg-surface-muted" />
          </div>
          <div className="h-3.5 w-12 animate-pulse rounded bg-surface-muted" />
        </div>
      ))}
    </div>
  );
}

/** Props of {@link EmptyState}. */
export interface EmptyStateProps {
  icon: ReactNode;
  title: string;
  children?: ReactNode;
}

/** Centered message for an empty list, telling the reader what to do next. */
export function EmptyState({ icon, title, children }: EmptyStateProps) {
  return (
    <div className="flex flex-col items-center px-4 py-10 text-center">
      <div className="mb-3 rounded-full bg-surface-muted p-3 text-muted">{icon}</div>
      <p className="font-medium">{title}</p>
      {children && <div className="mt-1 max-w-prose text-sm text-muted">{children}</div>}
    </div>
  );
}

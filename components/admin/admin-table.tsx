"use client";

import { useMutation, useQueryClient, type QueryKey, type UseQueryResult } from "@tanstack/react-query";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { CredentialStateBadge, type CredentialState } from "@/components/auth/auth-badges";
import { authKeys } from "@/components/api/auth-queries";
import { focusIfLost, type ConfirmDialogProps } from "@/components/ui/confirm-dialog";
import { formatDateTime } from "@/components/common/format";
import { EmptyState, QueryError, TableSkeleton, describeError } from "@/components/ui/query-state";
import { tdClass } from "@/components/ui/classes";
import { Button } from "@/components/ui/button";
import { Table, Th } from "@/components/ui/table";

/** The "N active" pill next to an admin panel's title. */
export function ActiveCount({ count }: { count: number }) {
  return (
    <span className="rounded-full bg-surface-muted px-2 py-0.5 text-xs font-medium tabular-nums text-muted">
      {count} active
    </span>
  );
}

/** Props of {@link AdminTable}. */
export interface AdminTableProps {
  query: Pick<UseQueryResult<unknown>, "isPending" | "isError" | "data" | "error" | "refetch">;
  /** Accessible name of the loading skeleton, e.g. "Loading API keys". */
  loadingLabel: string;
  skeletonRows: number;
  /** What failed to load, for {@link QueryError}. */
  what: string;
  isEmpty: boolean;
  /** Icon, title and hint of the empty state. */
  empty: { icon: ReactNode; title: string; hint: ReactNode };
  testId: string;
  /** Tailwind min-width class of the table, e.g. `min-w-[52rem]`. */
  minWidthClass: string;
  caption: string;
  /** Column headings, before the (visually hidden) "Actions" column. */
  columns: readonly string[];
  /** The `<tr>` rows. */
  children: ReactNode;
}

/** An admin list: skeleton while loading, error with retry, empty state, or the table with an actions column. */
export function AdminTable({
  query,
  loadingLabel,
  skeletonRows,
  what,
  isEmpty,
  empty,
  testId,
  minWidthClass,
  caption,
  columns,
  children,
}: AdminTableProps) {
  if (query.isPending) return <TableSkeleton label={loadingLabel} rows={skeletonRows} />;
  if (query.isError && !query.data) {
    return <QueryError what={what} error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (isEmpty) {
    return (
      <EmptyState icon={empty.icon} title={empty.title}>
        {empty.hint}
      </EmptyState>
    );
  }
  return (
    <Table
      caption={caption}
      minWidthClass={minWidthClass}
      data-testid={testId}
      head={
        <>
          {columns.map((column) => (
            <Th key={column}>{column}</Th>
          ))}
          <Th className="text-right">
            <span className="sr-only">Actions</span>
          </Th>
        </>
      }
    >
      {children}
    </Table>
  );
}

/** Small "you" / "your key" tag after a row's name. */
export function OwnTag({ children }: { children: ReactNode }) {
  return (
    <span className="ml-1.5 whitespace-nowrap rounded bg-surface-muted px-1.5 py-px text-[11px] font-medium text-muted">
      {children}
    </span>
  );
}

/** A row's id, in small mono type under its name. */
export function IdLine({ id, title }: { id: string; title: string }) {
  return (
    <div className="font-mono text-[11px] text-muted" title={title}>
      {id}
    </div>
  );
}

/** The status cell: a credential's state badge, titled with when it was revoked. */
export function StateCell({ state, revokedAt }: { state: CredentialState; revokedAt: string | null }) {
  return (
    <td className={tdClass}>
      <span title={revokedAt ? `Revoked ${formatDateTime(revokedAt)}` : undefined}>
        <CredentialStateBadge state={state} />
      </span>
    </td>
  );
}

/** The actions cell: a Revoke button when `show`. */
export function RevokeCell({ show, label, onClick }: { show: boolean; label: string; onClick: () => void }) {
  return (
    <td className={`${tdClass} text-right`}>
      {show && (
        <Button variant="dangerOutline" size="sm" onClick={onClick} aria-label={label}>
          Revoke
        </Button>
      )}
    </td>
  );
}

/** Options of {@link useRevoke}. */
export interface UseRevokeOptions<T> {
  /** Heading that takes focus when the revoked row's button disappears. */
  headingId: string;
  /** The list's data; focus is restored once it changes after a revocation. */
  data: unknown;
  revokeFn: (item: T) => Promise<unknown>;
  /** Queries refreshed besides the audit log, before the list itself. */
  alsoInvalidate?: readonly QueryKey[];
  /** The list's own query. */
  listKey: QueryKey;
}

/**
 * Revocation behind a confirmation: which item is being revoked, how to start,
 * and the {@link ConfirmDialog} props that cancel or confirm it.
 */
export function useRevoke<T>({
  headingId,
  data,
  revokeFn,
  alsoInvalidate = [],
  listKey,
}: UseRevokeOptions<T>) {
  const queryClient = useQueryClient();
  const [revoking, setRevoking] = useState<T | null>(null);

  // The dialog hands focus back to the row's Revoke button, which the refetch then removes.
  const refocus = useRef(false);
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    focusIfLost(headingId);
  }, [data, headingId]);

  const revoke = useMutation({
    mutationFn: revokeFn,
    onSuccess: () => {
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: authKeys.audit });
      for (const queryKey of alsoInvalidate) void queryClient.invalidateQueries({ queryKey });
      refocus.current = true;
      void queryClient.invalidateQueries({ queryKey: listKey });
    },
  });

  const start = (item: T) => {
    revoke.reset();
    setRevoking(item);
  };

  const dialog = {
    open: revoking !== null,
    pending: revoke.isPending,
    error: revoke.isError ? `Could not revoke it. ${describeError(revoke.error)}` : null,
    onCancel: () => setRevoking(null),
    onConfirm: () => {
      if (revoking !== null) revoke.mutate(revoking);
    },
  } satisfies Partial<ConfirmDialogProps>;

  return { revoking, start, dialog };
}

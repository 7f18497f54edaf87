"use client";

import { LogIn, ShieldX } from "lucide-react";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { ScopeBadges } from "./auth-badges";
import { useMe } from "@/components/api/auth-queries";
import { QueryError, TableSkeleton } from "@/components/ui/query-state";
import { signInHref } from "./sign-in-path";
import { buttonClass } from "@/components/ui/classes";

/** Props of {@link AdminGate}. */
export interface AdminGateProps {
  /** What the page is, for the refusal message ("the audit log"). */
  what: string;
  /** Let auditors in too (the evidence and the audit log, read-only). */
  allowAuditor?: boolean;
  children: ReactNode;
}

/**
 * Renders `children` only for a principal with the admin scope; anyone else
 * gets a clear "admins only" page (the API would answer 403 anyway).
 */
export function AdminGate({ what, allowAuditor = false, children }: AdminGateProps) {
  const { me, isAdmin, isAuditor, query } = useMe();
  const pathname = usePathname();

  if (query.isPending) {
    return (
      <div className="overflow-hidden rounded-xl border border-border bg-surface shadow-sm">
        <TableSkeleton label="Checking your access" rows={4} />
      </div>
    );
  }
  if (!me) {
    return (
      <div className="rounded-xl border border-border bg-surface shadow-sm">
        <QueryError what="your access" error={query.error} onRetry={() => void query.refetch()} />
      </div>
    );
  }
  if (isAdmin || (allowAuditor && isAuditor)) return <>{children}</>;

  return (
    <div
      data-testid="admin-required"
      className="mx-auto max-w-lg rounded-xl border border-border bg-surface p-6 text-center shadow-sm"
    >
      <ShieldX aria-hidden className="mx-auto mb-3 size-8 text-red-600 dark:text-red-400" />
      <h2 className="text-lg font-semibold">Admins only</h2>
      {me.principal ? (
        <>
          <p className="mt-1 text-sm text-muted">
            {`You are signed in as "${me.principal.name}", which cannot see ${what}. It needs a key with the admin scope.`}
          </p>
          <div className="mt-3 flex justify-center">
            <ScopeBadges scopes={me.principal.scopes} />
          </div>
        </>
      ) : (
        <p className="mt-1 text-sm text-muted">
          {`Seeing ${what} needs a signed-in admin, even with authentication off.`}
        </p>
      )}
      <div className="mt-4 flex justify-center">
        <a href={signInHref(pathname)} className={buttonClass.primary}>
          <LogIn aria-hidden className="size-4" />
          {me.principal ? "Sign in with an admin key" : "Sign in"}
        </a>
      </div>
    </div>
  );
}

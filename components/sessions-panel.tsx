"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MonitorSmartphone } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import type { Session } from "@/lib/auth";
import { revokeSession } from "./auth-api";
import { CredentialStateBadge, type CredentialState } from "./auth-badges";
import { authKeys, sessionsQuery, useMe } from "./auth-queries";
import { ConfirmDialog, focusIfLost } from "./confirm-dialog";
import { formatDateTime } from "./format";
import { RelativeTime } from "./job-timing";
import { describeActor, useKeysById } from "./key-names";
import { EmptyState, Panel, QueryError, TableSkeleton, describeError } from "./query-state";
import { useNow } from "./use-now";
import { buttonClass, tdClass, thClass, theadClass } from "./ui";

const HEADING_ID = "admin-sessions-heading";

/** A session's state as of `now`: revoked wins over expired. */
export function sessionState(session: Session, now: number): CredentialState {
  if (session.revokedAt) return "revoked";
  return Date.parse(session.expiresAt) <= now ? "expired" : "active";
}

/** The admin's "Sessions" panel: every dashboard session, with revocation behind a confirmation. */
export function SessionsPanel() {
  const queryClient = useQueryClient();
  const { me } = useMe();
  const query = useQuery(sessionsQuery());
  const keysById = useKeysById();
  // Expiry is coarse; a minute's resolution is plenty and costs one render a minute.
  const clock = useNow(60_000);
  const now = clock === 0 ? Date.now() : clock;
  const [revoking, setRevoking] = useState<Session | null>(null);

  const sessions = useMemo(() => {
    const rank: Record<CredentialState, number> = { active: 0, expired: 1, revoked: 2 };
    return [...(query.data ?? [])].sort(
      (a, b) =>
        rank[sessionState(a, now)] - rank[sessionState(b, now)] ||
        Date.parse(b.createdAt) - Date.parse(a.createdAt),
    );
  }, [query.data, now]);

  // The dialog hands focus back to the row's Revoke button, which the refetch then removes.
  const refocus = useRef(false);
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    focusIfLost(HEADING_ID);
  }, [query.data]);

  const revoke = useMutation({
    mutationFn: (session: Session) => revokeSession(session.id),
    onSuccess: () => {
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: authKeys.audit });
      refocus.current = true;
      void queryClient.invalidateQueries({ queryKey: authKeys.sessions });
    },
  });

  const active = sessions.filter((s) => sessionState(s, now) === "active").length;
  const revokingKey = revoking ? describeActor(revoking.keyId, keysById).label : "";

  return (
    <Panel
      headingId={HEADING_ID}
      title={
        <>
          <MonitorSmartphone aria-hidden className="size-4 text-muted" />
          Sessions
          {query.data && (
            <span className="rounded-full bg-surface-muted px-2 py-0.5 text-xs font-medium tabular-nums text-muted">
              {active} active
            </span>
          )}
        </>
      }
    >
      {query.isPending ? (
        <TableSkeleton label="Loading sessions" rows={3} />
      ) : query.isError && !query.data ? (
        <QueryError what="sessions" error={query.error} onRetry={() => void query.refetch()} />
      ) : sessions.length === 0 ? (
        <EmptyState icon={<MonitorSmartphone className="size-6" aria-hidden />} title="No sessions">
          A session starts each time someone signs in to the dashboard.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table data-testid="sessions-table" className="w-full min-w-[44rem] border-collapse text-sm">
            <caption className="sr-only">Dashboard sessions</caption>
            <thead className={theadClass}>
              <tr>
                <th scope="col" className={thClass}>
                  Key
                </th>
                <th scope="col" className={thClass}>
                  Created
                </th>
                <th scope="col" className={thClass}>
                  Expires
                </th>
                <th scope="col" className={thClass}>
                  Last seen
                </th>
                <th scope="col" className={thClass}>
                  Status
                </th>
                <th scope="col" className={`${thClass} text-right`}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {sessions.map((session) => {
                const key = describeActor(session.keyId, keysById);
                const state = sessionState(session, now);
                return (
                  <tr
                    key={session.id}
                    data-testid="session-row"
                    data-session-id={session.id}
                    data-state={state}
                    className={`transition-colors hover:bg-surface-muted/50 ${state === "active" ? "" : "text-muted"}`}
                  >
                    <td className={tdClass}>
                      <span title={key.title} className={key.isId ? "font-mono text-xs" : "font-medium"}>
                        {key.label}
                      </span>
                      {session.keyId === me?.principal?.keyId && (
                        <span className="ml-1.5 whitespace-nowrap rounded bg-surface-muted px-1.5 py-px text-[11px] font-medium text-muted">
                          your key
                        </span>
                      )}
                      <div className="font-mono text-[11px] text-muted" title="Session id">
                        {session.id}
                      </div>
                    </td>
                    <td className={`${tdClass} whitespace-nowrap text-muted`}>
                      <RelativeTime iso={session.createdAt} />
                    </td>
                    <td className={`${tdClass} whitespace-nowrap tabular-nums text-muted`}>
                      <time dateTime={session.expiresAt}>{formatDateTime(session.expiresAt)}</time>
                    </td>
                    <td className={`${tdClass} whitespace-nowrap text-muted`}>
                      {session.lastSeenAt ? <RelativeTime iso={session.lastSeenAt} /> : "Never"}
                    </td>
                    <td className={tdClass}>
                      <span
                        title={session.revokedAt ? `Revoked ${formatDateTime(session.revokedAt)}` : undefined}
                      >
                        <CredentialStateBadge state={state} />
                      </span>
                    </td>
                    <td className={`${tdClass} text-right`}>
                      {state === "active" && (
                        <button
                          type="button"
                          onClick={() => {
                            revoke.reset();
                            setRevoking(session);
                          }}
                          aria-label={`Revoke the session ${session.id} (${key.label})`}
                          className={`${buttonClass.dangerOutline} h-7 px-2.5 text-xs`}
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this session?"
        confirmLabel="Revoke session"
        pending={revoke.isPending}
        error={revoke.isError ? `Could not revoke it. ${describeError(revoke.error)}` : null}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking)}
      >
        <p>
          {`The browser signed in with "${revokingKey}" is signed out at its next request, and its live connection closes. The key itself stays valid.`}
        </p>
        {revoking?.keyId === me?.principal?.keyId && (
          <p className="font-medium text-amber-800 dark:text-amber-300">
            This session uses your key; if it is this browser&apos;s, you will be signed out.
          </p>
        )}
      </ConfirmDialog>
    </Panel>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { MonitorSmartphone } from "lucide-react";
import { useMemo } from "react";
import type { Session } from "@/lib/auth";
import { revokeSession } from "@/components/api/auth-api";
import { ActiveCount, AdminTable, IdLine, OwnTag, RevokeCell, StateCell, useRevoke } from "./admin-table";
import type { CredentialState } from "@/components/auth/auth-badges";
import { authKeys, sessionsQuery, useMe } from "@/components/api/auth-queries";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formatDateTime } from "@/components/common/format";
import { RelativeTime } from "@/components/jobs/job-timing";
import { describeActor, useKeysById } from "./key-names";
import { Panel } from "@/components/ui/panel";
import { useNow } from "@/components/common/use-now";
import { tdClass } from "@/components/ui/classes";

const HEADING_ID = "admin-sessions-heading";

const COLUMNS = ["Key", "Created", "Expires", "Last seen", "Status"] as const;

/** A session's state as of `now`: revoked wins over expired. */
export function sessionState(session: Session, now: number): CredentialState {
  if (session.revokedAt) return "revoked";
  return Date.parse(session.expiresAt) <= now ? "expired" : "active";
}

/** The admin's "Sessions" panel: every dashboard session, with revocation behind a confirmation. */
export function SessionsPanel() {
  const { me } = useMe();
  const query = useQuery(sessionsQuery());
  const keysById = useKeysById();
  // Expiry is coarse; a minute's resolution is plenty and costs one render a minute.
  const clock = useNow(60_000);
  const now = clock === 0 ? Date.now() : clock;

  const sessions = useMemo(() => {
    const rank: Record<CredentialState, number> = { active: 0, expired: 1, revoked: 2 };
    return [...(query.data ?? [])].sort(
      (a, b) =>
        rank[sessionState(a, now)] - rank[sessionState(b, now)] ||
        Date.parse(b.createdAt) - Date.parse(a.createdAt),
    );
  }, [query.data, now]);

  const { revoking, start, dialog } = useRevoke({
    headingId: HEADING_ID,
    data: query.data,
    revokeFn: (session: Session) => revokeSession(session.id),
    listKey: authKeys.sessions,
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
          {query.data && <ActiveCount count={active} />}
        </>
      }
    >
      <AdminTable
        query={query}
        loadingLabel="Loading sessions"
        skeletonRows={3}
        what="sessions"
        isEmpty={sessions.length === 0}
        empty={{
          icon: <MonitorSmartphone className="size-6" aria-hidden />,
          title: "No sessions",
          hint: "A session starts each time someone signs in to the dashboard.",
        }}
        testId="sessions-table"
        minWidthClass="min-w-[44rem]"
        caption="Dashboard sessions"
        columns={COLUMNS}
      >
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
                {session.keyId === me?.principal?.keyId && <OwnTag>your key</OwnTag>}
                <IdLine id={session.id} title="Session id" />
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
              <StateCell state={state} revokedAt={session.revokedAt} />
              <RevokeCell
                show={state === "active"}
                label={`Revoke the session ${session.id} (${key.label})`}
                onClick={() => start(session)}
              />
            </tr>
          );
        })}
      </AdminTable>

      <ConfirmDialog {...dialog} title="Revoke this session?" confirmLabel="Revoke session">
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

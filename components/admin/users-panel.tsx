"use client";

import { useQuery } from "@tanstack/react-query";
import { Users } from "lucide-react";
import {
  revokeUserSessions,
  ssoKeys,
  usersQuery,
  type SsoConfig,
  type SsoUser,
} from "@/components/api/sso-api";
import { ActiveCount, AdminTable, IdLine, RevokeCell, useRevoke } from "./admin-table";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { RelativeTime } from "@/components/jobs/job-timing";
import { Panel } from "@/components/ui/panel";
import { tdClass } from "@/components/ui/classes";

const HEADING_ID = "admin-users-heading";

const COLUMNS = ["User", "Role", "Groups", "Last seen", "Sessions"] as const;

/** The role rules, read-only (they change only through `RUNWATCH_OIDC_ROLES`). */
function RoleRules({ sso }: { sso: SsoConfig }) {
  return (
    <div data-testid="sso-rules" className="border-b border-border px-4 py-3 text-sm">
      <p className="text-muted">
        {`Signed in through ${sso.name} (${sso.issuer}). Roles come from the `}
        <code className="font-mono text-xs text-foreground">{sso.roleClaim}</code>
        {" claim, first matching rule wins; set by RUNWATCH_OIDC_ROLES."}
      </p>
      <ol className="mt-2 flex flex-wrap gap-1.5">
        {sso.rules.map((rule, index) => (
          <li
            key={`${rule.value}=${rule.role}`}
            className="rounded-md border border-border bg-surface-muted px-2 py-0.5 font-mono text-xs"
          >
            <span className="sr-only">{`Rule ${index + 1}: `}</span>
            {`${rule.value} → ${rule.role}`}
          </li>
        ))}
        <li className="rounded-md border border-dashed border-border px-2 py-0.5 font-mono text-xs text-muted">
          {`otherwise → ${sso.defaultRole}`}
        </li>
      </ol>
    </div>
  );
}

/** The admin's "Users" panel: who signed in through single sign-on, their role and groups; revoke their sessions. */
export function UsersPanel() {
  const query = useQuery(usersQuery());
  const users = query.data?.items ?? [];
  const sso = query.data?.sso ?? null;
  const { revoking, start, dialog } = useRevoke({
    headingId: HEADING_ID,
    data: query.data,
    revokeFn: (user: SsoUser) => revokeUserSessions(user.id),
    listKey: ssoKeys.users,
  });
  // Nothing to show on an install without single sign-on that never had a user.
  if (query.data && !sso && users.length === 0) return null;

  return (
    <Panel
      headingId={HEADING_ID}
      data-testid="users-panel"
      title={
        <>
          <Users aria-hidden className="size-4 text-muted" />
          Users
          {query.data && <ActiveCount count={users.filter((u) => u.activeSessions > 0).length} />}
        </>
      }
    >
      {sso && <RoleRules sso={sso} />}
      <AdminTable
        query={query}
        loadingLabel="Loading users"
        skeletonRows={3}
        what="users"
        isEmpty={users.length === 0}
        empty={{
          icon: <Users className="size-6" aria-hidden />,
          title: "Nobody has signed in yet",
          hint: "Each person who signs in with single sign-on appears here, with the role their groups gave them.",
        }}
        testId="users-table"
        minWidthClass="min-w-[48rem]"
        caption="Users signed in through single sign-on"
        columns={COLUMNS}
      >
        {users.map((user) => (
          <tr key={user.id} data-testid="user-row" data-subject={user.subject} data-role={user.role}>
            <td className={tdClass}>
              <span className="font-medium">{user.name}</span>
              {user.email && <div className="text-xs text-muted">{user.email}</div>}
              <IdLine id={user.kind === "client" ? `${user.id} (access token)` : user.id} title="User id" />
            </td>
            <td className={tdClass}>
              <span className={user.role === "deny" ? "font-medium text-red-700 dark:text-red-300" : ""}>
                {user.role === "deny" ? "denied" : user.role}
              </span>
            </td>
            <td className={`${tdClass} text-xs text-muted`}>{user.groups.join(", ") || "none"}</td>
            <td className={`${tdClass} whitespace-nowrap text-muted`}>
              <RelativeTime iso={user.lastSeenAt} />
            </td>
            <td className={`${tdClass} tabular-nums`}>{user.activeSessions}</td>
            <RevokeCell
              show={user.activeSessions > 0}
              label={`Revoke every session of ${user.name}`}
              onClick={() => start(user)}
            />
          </tr>
        ))}
      </AdminTable>
      <ConfirmDialog {...dialog} title="Sign this user out everywhere?" confirmLabel="Revoke sessions">
        <p>
          {`Every dashboard session of ${revoking?.name ?? "this user"} ends now and their live connections close. They can sign in again while the identity provider lets them; to keep them out, change their groups or the role rules.`}
        </p>
      </ConfirmDialog>
    </Panel>
  );
}

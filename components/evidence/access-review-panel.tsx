"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ClipboardCheck } from "lucide-react";
import { useState } from "react";
import { revokeApiKey, revokeSession } from "@/components/api/auth-api";
import { authKeys, useMe } from "@/components/api/auth-queries";
import { accessReviewQuery, evidenceKeys, recordAccessReview } from "@/components/api/evidence-api";
import { revokeUserSessions, ssoKeys } from "@/components/api/sso-api";
import { ScopeBadges } from "@/components/auth/auth-badges";
import { formatDateTime } from "@/components/common/format";
import { Panel } from "@/components/ui/panel";
import { QueryError, TableSkeleton, describeError } from "@/components/ui/query-state";
import { Table, Th } from "@/components/ui/table";
import { buttonClass, tdClass } from "@/components/ui/classes";

const when = (iso: string | null) => (iso ? formatDateTime(iso) : "never");

/**
 * The access review: every unrevoked key and active session (key or single
 * sign-on) with scope or role, creator and last use. Admins revoke with one
 * click (a single sign-on user's sessions all at once); admins and auditors
 * record the review (audited as `access.reviewed`).
 */
export function AccessReviewPanel() {
  const review = useQuery(accessReviewQuery());
  const { isAdmin } = useMe();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const refresh = async () => {
    await Promise.all([
      client.invalidateQueries({ queryKey: evidenceKeys.all }),
      client.invalidateQueries({ queryKey: authKeys.keys }),
      client.invalidateQueries({ queryKey: authKeys.sessions }),
      client.invalidateQueries({ queryKey: ssoKeys.users }),
    ]);
  };
  const onError = (e: unknown) => setError(describeError(e));
  const revoke = useMutation({
    mutationFn: async ({ kind, id }: { kind: "key" | "session" | "user"; id: string }) => {
      if (kind === "key") await revokeApiKey(id);
      else if (kind === "session") await revokeSession(id);
      else await revokeUserSessions(id);
    },
    onSuccess: refresh,
    onError,
  });
  const record = useMutation({ mutationFn: () => recordAccessReview(), onSuccess: refresh, onError });

  const last = review.data?.lastReview;
  return (
    <Panel
      title="Access review"
      headingId="access-review-heading"
      data-testid="access-review"
      actions={
        <button
          type="button"
          className={buttonClass.primary}
          disabled={record.isPending || !review.data}
          onClick={() => {
            setError(null);
            record.mutate();
          }}
        >
          <ClipboardCheck aria-hidden className="size-4" />
          Record review
        </button>
      }
    >
      <p className="px-4 pt-3 text-sm text-muted" data-testid="last-review">
        {last ? `Last reviewed ${formatDateTime(last.at)} by key ${last.reviewer}.` : "Never reviewed."}
      </p>
      {error && (
        <p role="alert" className="px-4 pt-2 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      {review.isPending ? (
        <TableSkeleton label="Loading the access review" rows={4} />
      ) : review.isError ? (
        <QueryError what="the access review" error={review.error} onRetry={() => void review.refetch()} />
      ) : (
        <div className="space-y-4 p-4">
          <Table
            caption="API keys"
            minWidthClass="min-w-[40rem]"
            head={
              <>
                <Th>Key</Th>
                <Th>Scopes</Th>
                <Th>Created by</Th>
                <Th>Created</Th>
                <Th>Last used</Th>
                {isAdmin && <Th className="text-right">Revoke</Th>}
              </>
            }
          >
            {review.data.keys.map((key) => (
              <tr key={key.id} data-testid="review-key-row">
                <td className={tdClass}>
                  <span className="font-medium">{key.name}</span>{" "}
                  <span className="font-mono text-xs text-muted">{key.prefix}…</span>
                </td>
                <td className={tdClass}>
                  <ScopeBadges scopes={key.scopes} />
                </td>
                <td className={`${tdClass} font-mono text-xs`}>{key.createdBy}</td>
                <td className={tdClass}>{`${formatDateTime(key.createdAt)} (${key.ageDays} d)`}</td>
                <td className={tdClass}>{when(key.lastUsedAt)}</td>
                {isAdmin && (
                  <td className={`${tdClass} text-right`}>
                    <button
                      type="button"
                      className={buttonClass.dangerOutline}
                      disabled={revoke.isPending}
                      aria-label={`Revoke key ${key.name}`}
                      onClick={() => revoke.mutate({ kind: "key", id: key.id })}
                    >
                      Revoke
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </Table>
          <Table
            caption="Active sessions"
            minWidthClass="min-w-[36rem]"
            head={
              <>
                <Th>Session of</Th>
                <Th>Scopes</Th>
                <Th>Signed in</Th>
                <Th>Last seen</Th>
                <Th>Expires</Th>
                {isAdmin && <Th className="text-right">Revoke</Th>}
              </>
            }
          >
            {review.data.sessions.map((session) => (
              <tr key={session.id} data-testid="review-session-row">
                <td className={tdClass}>{session.keyName ?? session.keyId}</td>
                <td className={tdClass}>
                  <ScopeBadges scopes={session.scopes} />
                </td>
                <td className={tdClass}>{formatDateTime(session.createdAt)}</td>
                <td className={tdClass}>{when(session.lastSeenAt)}</td>
                <td className={tdClass}>{formatDateTime(session.expiresAt)}</td>
                {isAdmin && (
                  <td className={`${tdClass} text-right`}>
                    <button
                      type="button"
                      className={buttonClass.dangerOutline}
                      disabled={revoke.isPending}
                      aria-label={`Revoke session of ${session.keyName ?? session.keyId}`}
                      onClick={() => revoke.mutate({ kind: "session", id: session.id })}
                    >
                      Revoke
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </Table>
          {review.data.userSessions.length > 0 && (
            <Table
              caption="Single sign-on sessions"
              minWidthClass="min-w-[36rem]"
              head={
                <>
                  <Th>User</Th>
                  <Th>Role</Th>
                  <Th>Signed in</Th>
                  <Th>Last seen</Th>
                  <Th>Expires</Th>
                  {isAdmin && <Th className="text-right">Revoke</Th>}
                </>
              }
            >
              {review.data.userSessions.map((session) => (
                <tr key={session.id} data-testid="review-user-session-row">
                  <td className={tdClass}>{session.userName}</td>
                  <td className={`${tdClass} font-mono text-xs`}>{session.role}</td>
                  <td className={tdClass}>{formatDateTime(session.createdAt)}</td>
                  <td className={tdClass}>{when(session.lastSeenAt)}</td>
                  <td className={tdClass}>{formatDateTime(session.expiresAt)}</td>
                  {isAdmin && (
                    <td className={`${tdClass} text-right`}>
                      <button
                        type="button"
                        className={buttonClass.dangerOutline}
                        disabled={revoke.isPending}
                        aria-label={`Revoke every session of ${session.userName}`}
                        onClick={() => revoke.mutate({ kind: "user", id: session.userId })}
                      >
                        Revoke
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </Table>
          )}
        </div>
      )}
    </Panel>
  );
}

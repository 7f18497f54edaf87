"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import type { ApiKey, CreatedApiKey } from "@/lib/auth";
import { revokeApiKey } from "./auth-api";
import { CredentialStateBadge, ScopeBadges } from "./auth-badges";
import { apiKeysQuery, authKeys, useMe } from "./auth-queries";
import { ConfirmDialog, focusIfLost } from "./confirm-dialog";
import { CreateKeyForm } from "./create-key-form";
import { formatDateTime } from "./format";
import { RelativeTime } from "./job-timing";
import { describeActor, useKeysById } from "./key-names";
import { NewKeySecret } from "./new-key-secret";
import { EmptyState, Panel, QueryError, TableSkeleton, describeError } from "./query-state";
import { buttonClass, tdClass, thClass, theadClass } from "./ui";

const HEADING_ID = "admin-keys-heading";

/** Active keys first, newest first within each group. */
export function sortKeys(keys: readonly ApiKey[]): ApiKey[] {
  return [...keys].sort(
    (a, b) =>
      Number(a.revokedAt !== null) - Number(b.revokedAt !== null) ||
      Date.parse(b.createdAt) - Date.parse(a.createdAt) ||
      (a.id < b.id ? -1 : 1),
  );
}

/**
 * The admin's "API keys" panel: every key with its scopes and use, a form to
 * create one (its secret revealed once), and revocation behind a confirmation.
 */
export function ApiKeysPanel() {
  const queryClient = useQueryClient();
  const { me } = useMe();
  const keysQuery = useQuery(apiKeysQuery());
  const keysById = useKeysById();
  const keys = useMemo(() => sortKeys(keysQuery.data ?? []), [keysQuery.data]);
  const [mode, setMode] = useState<"idle" | "form">("idle");
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const ownKeyId = me?.principal?.keyId;

  // The dialog hands focus back to the row's Revoke button, which the refetch then removes.
  const refocus = useRef(false);
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    focusIfLost(HEADING_ID);
  }, [keysQuery.data]);

  const revoke = useMutation({
    mutationFn: (key: ApiKey) => revokeApiKey(key.id),
    onSuccess: () => {
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: authKeys.audit });
      // A revoked key's sessions end with it.
      void queryClient.invalidateQueries({ queryKey: authKeys.sessions });
      refocus.current = true;
      void queryClient.invalidateQueries({ queryKey: authKeys.keys });
    },
  });

  const active = keys.filter((key) => !key.revokedAt).length;

  return (
    <Panel
      headingId={HEADING_ID}
      title={
        <>
          <KeyRound aria-hidden className="size-4 text-muted" />
          API keys
          {keysQuery.data && (
            <span className="rounded-full bg-surface-muted px-2 py-0.5 text-xs font-medium tabular-nums text-muted">
              {active} active
            </span>
          )}
        </>
      }
      actions={
        mode === "idle" && !created ? (
          <button type="button" onClick={() => setMode("form")} className={buttonClass.primary}>
            <Plus aria-hidden className="size-4" />
            Create key
          </button>
        ) : null
      }
    >
      {created ? (
        <NewKeySecret created={created} onDone={() => setCreated(null)} />
      ) : mode === "form" ? (
        <CreateKeyForm
          onCancel={() => setMode("idle")}
          onCreated={(result) => {
            setMode("idle");
            setCreated(result);
          }}
        />
      ) : null}

      {keysQuery.isPending ? (
        <TableSkeleton label="Loading API keys" rows={4} />
      ) : keysQuery.isError && !keysQuery.data ? (
        <QueryError what="API keys" error={keysQuery.error} onRetry={() => void keysQuery.refetch()} />
      ) : keys.length === 0 ? (
        <EmptyState icon={<KeyRound className="size-6" aria-hidden />} title="No API keys yet">
          Create one for each person or system that talks to Runwatch.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table data-testid="keys-table" className="w-full min-w-[52rem] border-collapse text-sm">
            <caption className="sr-only">API keys</caption>
            <thead className={theadClass}>
              <tr>
                <th scope="col" className={thClass}>
                  Name
                </th>
                <th scope="col" className={thClass}>
                  Prefix
                </th>
                <th scope="col" className={thClass}>
                  Scopes
                </th>
                <th scope="col" className={thClass}>
                  Created by
                </th>
                <th scope="col" className={thClass}>
                  Created
                </th>
                <th scope="col" className={thClass}>
                  Last used
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
              {keys.map((key) => {
                const creator = describeActor(key.createdBy, keysById);
                const revoked = key.revokedAt !== null;
                return (
                  <tr
                    key={key.id}
                    data-testid="key-row"
                    data-key-id={key.id}
                    data-state={revoked ? "revoked" : "active"}
                    className={`transition-colors hover:bg-surface-muted/50 ${revoked ? "text-muted" : ""}`}
                  >
                    <td className={tdClass}>
                      <span className="font-medium">{key.name}</span>
                      {key.id === ownKeyId && (
                        <span className="ml-1.5 whitespace-nowrap rounded bg-surface-muted px-1.5 py-px text-[11px] font-medium text-muted">
                          you
                        </span>
                      )}
                      <div className="font-mono text-[11px] text-muted" title="Key id">
                        {key.id}
                      </div>
                    </td>
                    <td className={`${tdClass} whitespace-nowrap font-mono text-xs`}>{key.prefix}…</td>
                    <td className={tdClass}>
                      <ScopeBadges scopes={key.scopes} />
                    </td>
                    <td className={`${tdClass} whitespace-nowrap`}>
                      <span title={creator.title} className={creator.isId ? "font-mono text-xs" : undefined}>
                        {creator.label}
                      </span>
                    </td>
                    <td className={`${tdClass} whitespace-nowrap text-muted`}>
                      <RelativeTime iso={key.createdAt} />
                    </td>
                    <td className={`${tdClass} whitespace-nowrap text-muted`}>
                      {key.lastUsedAt ? <RelativeTime iso={key.lastUsedAt} /> : "Never"}
                    </td>
                    <td className={tdClass}>
                      <span title={key.revokedAt ? `Revoked ${formatDateTime(key.revokedAt)}` : undefined}>
                        <CredentialStateBadge state={revoked ? "revoked" : "active"} />
                      </span>
                    </td>
                    <td className={`${tdClass} text-right`}>
                      {!revoked && (
                        <button
                          type="button"
                          onClick={() => {
                            revoke.reset();
                            setRevoking(key);
                          }}
                          aria-label={`Revoke ${key.name}`}
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
        title={`Revoke the key "${revoking?.name ?? ""}"?`}
        confirmLabel="Revoke key"
        pending={revoke.isPending}
        error={revoke.isError ? `Could not revoke it. ${describeError(revoke.error)}` : null}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking)}
      >
        <p>
          Anything using it (scripts, CI, dashboards signed in with it) is refused from now on, and its live
          connections are closed. This cannot be undone.
        </p>
        {revoking?.id === ownKeyId && (
          <p className="font-medium text-red-700 dark:text-red-300">
            This is the key you are signed in with: you will be signed out.
          </p>
        )}
      </ConfirmDialog>
    </Panel>
  );
}

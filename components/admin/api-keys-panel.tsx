"use client";

import { useQuery } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import { useMemo, useState } from "react";
import type { ApiKey, CreatedApiKey } from "@/lib/auth";
import { revokeApiKey } from "@/components/api/auth-api";
import { ActiveCount, AdminTable, IdLine, OwnTag, RevokeCell, StateCell, useRevoke } from "./admin-table";
import { ScopeBadges } from "@/components/auth/auth-badges";
import { apiKeysQuery, authKeys, useMe } from "@/components/api/auth-queries";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CreateKeyForm } from "./create-key-form";
import { RelativeTime } from "@/components/jobs/job-timing";
import { describeActor, useKeysById } from "./key-names";
import { NewKeySecret } from "./new-key-secret";
import { Panel } from "@/components/ui/panel";
import { buttonClass, tdClass } from "@/components/ui/classes";

const HEADING_ID = "admin-keys-heading";

const COLUMNS = [
  "Name",
  "Prefix",
  "Scopes",
  "Teams",
  "Created by",
  "Created",
  "Last used",
  "Status",
] as const;

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
  const { me } = useMe();
  const keysQuery = useQuery(apiKeysQuery());
  const keysById = useKeysById();
  const keys = useMemo(() => sortKeys(keysQuery.data ?? []), [keysQuery.data]);
  const [mode, setMode] = useState<"idle" | "form">("idle");
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const ownKeyId = me?.principal?.keyId;

  const { revoking, start, dialog } = useRevoke({
    headingId: HEADING_ID,
    data: keysQuery.data,
    revokeFn: (key: ApiKey) => revokeApiKey(key.id),
    // A revoked key's sessions end with it.
    alsoInvalidate: [authKeys.sessions],
    listKey: authKeys.keys,
  });

  const active = keys.filter((key) => !key.revokedAt).length;

  return (
    <Panel
      headingId={HEADING_ID}
      title={
        <>
          <KeyRound aria-hidden className="size-4 text-muted" />
          API keys
          {keysQuery.data && <ActiveCount count={active} />}
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

      <AdminTable
        query={keysQuery}
        loadingLabel="Loading API keys"
        skeletonRows={4}
        what="API keys"
        isEmpty={keys.length === 0}
        empty={{
          icon: <KeyRound className="size-6" aria-hidden />,
          title: "No API keys yet",
          hint: "Create one for each person or system that talks to Runwatch.",
        }}
        testId="keys-table"
        minWidthClass="min-w-[52rem]"
        caption="API keys"
        columns={COLUMNS}
      >
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
                {key.id === ownKeyId && <OwnTag>you</OwnTag>}
                <IdLine id={key.id} title="Key id" />
              </td>
              <td className={`${tdClass} whitespace-nowrap font-mono text-xs`}>{key.prefix}…</td>
              <td className={tdClass}>
                <ScopeBadges scopes={key.scopes} />
              </td>
              <td className={tdClass} data-testid="key-teams">
                {/* No teams: the key sees every team's jobs (docs/teams.md). */}
                {key.teams.length === 0 ? <span className="text-muted">All</span> : key.teams.join(", ")}
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
              <StateCell state={revoked ? "revoked" : "active"} revokedAt={key.revokedAt} />
              <RevokeCell show={!revoked} label={`Revoke ${key.name}`} onClick={() => start(key)} />
            </tr>
          );
        })}
      </AdminTable>

      <ConfirmDialog
        {...dialog}
        title={`Revoke the key "${revoking?.name ?? ""}"?`}
        confirmLabel="Revoke key"
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

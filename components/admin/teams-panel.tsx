"use client";

import { useQuery } from "@tanstack/react-query";
import { Pencil, Plus, Trash2, Users } from "lucide-react";
import { useState } from "react";
import type { Team } from "@/lib/teams";
import { deleteTeam, TEAMS_KEY, teamsQuery } from "@/components/api/teams-api";
import { authKeys } from "@/components/api/auth-queries";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Panel } from "@/components/ui/panel";
import { buttonClass, tdClass } from "@/components/ui/classes";
import { AdminTable, useRevoke } from "./admin-table";
import { TeamForm } from "./team-form";

const HEADING_ID = "admin-teams-heading";

const COLUMNS = ["Name", "Repositories", "Sources", "Label pools", "Groups"] as const;

function Globs({ values }: { values: readonly string[] }) {
  if (values.length === 0) return <span className="text-muted">any</span>;
  return (
    <ul className="space-y-0.5">
      {values.map((value) => (
        <li key={value} className="font-mono text-xs">
          {value}
        </li>
      ))}
    </ul>
  );
}

/**
 * The admin's "Teams" panel: each team's globs and groups, a form to create or
 * edit one, and deletion behind a confirmation (keys scoped to a deleted team
 * then see nothing).
 */
export function TeamsPanel() {
  const teamsResult = useQuery(teamsQuery());
  const teams = teamsResult.data ?? [];
  const [editing, setEditing] = useState<Team | "new" | null>(null);
  const { revoking, start, dialog } = useRevoke({
    headingId: HEADING_ID,
    data: teamsResult.data,
    revokeFn: (team: Team) => deleteTeam(team.name),
    alsoInvalidate: [authKeys.keys],
    listKey: TEAMS_KEY,
  });

  return (
    <Panel
      headingId={HEADING_ID}
      title={
        <>
          <Users aria-hidden className="size-4 text-muted" />
          Teams
          {teamsResult.data && (
            <span className="rounded-full bg-surface-muted px-2 py-0.5 text-xs font-medium tabular-nums text-muted">
              {teams.length} {teams.length === 1 ? "team" : "teams"}
            </span>
          )}
        </>
      }
      actions={
        editing === null ? (
          <button type="button" onClick={() => setEditing("new")} className={buttonClass.primary}>
            <Plus aria-hidden className="size-4" />
            Create team
          </button>
        ) : null
      }
    >
      {editing !== null && (
        <TeamForm
          key={editing === "new" ? "new" : editing.name}
          team={editing === "new" ? undefined : editing}
          onDone={() => setEditing(null)}
        />
      )}
      <AdminTable
        query={teamsResult}
        loadingLabel="Loading teams"
        skeletonRows={2}
        what="teams"
        isEmpty={teams.length === 0}
        empty={{
          icon: <Users className="size-6" aria-hidden />,
          title: "No teams yet",
          hint: "A team sees only the jobs its repository, source and pool globs match.",
        }}
        testId="teams-table"
        minWidthClass="min-w-[52rem]"
        caption="Teams"
        columns={COLUMNS}
      >
        {teams.map((team) => (
          <tr
            key={team.name}
            data-testid="team-row"
            data-team={team.name}
            className="hover:bg-surface-muted/50"
          >
            <td className={`${tdClass} font-medium`}>{team.name}</td>
            <td className={tdClass}>
              <Globs values={team.repos} />
            </td>
            <td className={tdClass}>
              <Globs values={team.sources} />
            </td>
            <td className={tdClass}>
              <Globs values={team.pools} />
            </td>
            <td className={tdClass}>
              {team.groups.length === 0 ? (
                <span className="text-muted">none</span>
              ) : (
                <Globs values={team.groups} />
              )}
            </td>
            <td className={`${tdClass} whitespace-nowrap text-right`}>
              <button
                type="button"
                onClick={() => setEditing(team)}
                aria-label={`Edit ${team.name}`}
                className={buttonClass.ghost}
              >
                <Pencil aria-hidden className="size-4" />
              </button>
              <button
                type="button"
                onClick={() => start(team)}
                aria-label={`Delete ${team.name}`}
                className={buttonClass.ghost}
              >
                <Trash2 aria-hidden className="size-4" />
              </button>
            </td>
          </tr>
        ))}
      </AdminTable>
      <ConfirmDialog
        {...dialog}
        title={`Delete the team "${revoking?.name ?? ""}"?`}
        confirmLabel="Delete team"
      >
        <p>
          Keys scoped to it keep its name and then see no jobs at all, until an admin changes their teams.
        </p>
      </ConfirmDialog>
    </Panel>
  );
}

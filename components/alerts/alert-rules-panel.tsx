"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellRing, Plus } from "lucide-react";
import { useState } from "react";
import type { AlertRule, Channel, Severity } from "@/lib/alerts";
import { deleteRule, saveRule } from "@/components/api/alert-api";
import { useDeleteConfirm } from "./alert-delete";
import { alertKeys, channelsQuery, rulesQuery } from "@/components/api/alert-queries";
import { AlertRuleForm, RULE_KIND_LABELS } from "./alert-rule-form";
import { conditionSummary, matchSummary } from "./alert-rule-units";
import { AdminTable } from "@/components/admin/admin-table";
import { authKeys } from "@/components/api/auth-queries";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Panel } from "@/components/ui/query-state";
import { buttonClass, tdClass } from "@/components/ui/classes";

const HEADING_ID = "alerts-rules-heading";
const COLUMNS = ["Name", "Kind", "Match", "Severity", "Channels", "Enabled"] as const;
const smallButton = "h-7 px-2.5 text-xs";

/** Badge colours per severity; the word is always shown too. */
export const SEVERITY_BADGE: Record<Severity, string> = {
  info: "bg-sky-50 text-sky-800 ring-sky-600/25 dark:bg-sky-400/10 dark:text-sky-300 dark:ring-sky-400/25",
  warning:
    "bg-amber-50 text-amber-800 ring-amber-600/25 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/25",
  critical:
    "bg-red-50 text-red-800 ring-red-600/25 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/30",
};

/** A severity pill. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span
      className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${SEVERITY_BADGE[severity]}`}
    >
      {severity}
    </span>
  );
}

/** An on/off switch that PATCHes `{ enabled }`. */
function EnabledSwitch({ rule }: { rule: AlertRule }) {
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => saveRule({ enabled }, rule.id),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: alertKeys.rules });
      void queryClient.invalidateQueries({ queryKey: authKeys.audit });
    },
  });
  const on = toggle.isPending ? toggle.variables : rule.enabled;
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      aria-label={`${rule.name} enabled`}
      disabled={toggle.isPending}
      onClick={() => toggle.mutate(!rule.enabled)}
      className="inline-flex items-center gap-2 text-sm"
    >
      <span
        aria-hidden
        className={`relative inline-block h-5 w-9 rounded-full transition-colors ${on ? "bg-accent" : "bg-border-strong"}`}
      >
        <span
          className={`absolute top-0.5 size-4 rounded-full bg-white shadow transition-all ${on ? "left-4.5" : "left-0.5"}`}
        />
      </span>
      <span className={on ? "" : "text-muted"}>{on ? "On" : "Off"}</span>
    </button>
  );
}

const channelNames = (ids: readonly string[], channels: readonly Channel[]) =>
  ids.map((id) => channels.find((c) => c.id === id)?.name ?? `${id} (deleted)`).join(", ") || "—";

/** The Alerts page's "Rules" panel: every rule, an on/off switch each, and the create/edit form. */
export function AlertRulesPanel() {
  const query = useQuery(rulesQuery());
  const channels = useQuery(channelsQuery()).data ?? [];
  const rules = query.data ?? [];
  const [editing, setEditing] = useState<AlertRule | "new" | null>(null);
  const { target, start, dialog } = useDeleteConfirm((rule: AlertRule) => deleteRule(rule.id), HEADING_ID);

  return (
    <Panel
      headingId={HEADING_ID}
      data-testid="rules-panel"
      title={
        <>
          <BellRing aria-hidden className="size-4 text-muted" />
          Rules
        </>
      }
      actions={
        editing === null ? (
          <button type="button" onClick={() => setEditing("new")} className={buttonClass.primary}>
            <Plus aria-hidden className="size-4" />
            Add rule
          </button>
        ) : null
      }
    >
      {editing !== null && (
        <AlertRuleForm
          key={editing === "new" ? "new" : editing.id}
          rule={editing === "new" ? undefined : editing}
          onDone={() => setEditing(null)}
        />
      )}
      <AdminTable
        query={query}
        loadingLabel="Loading alert rules"
        skeletonRows={3}
        what="alert rules"
        isEmpty={rules.length === 0}
        empty={{
          icon: <BellRing className="size-6" aria-hidden />,
          title: "No alert rules yet",
          hint: "Add a rule to be told when a job breaks, queues too long, or a source goes quiet.",
        }}
        testId="rules-table"
        minWidthClass="min-w-[60rem]"
        caption="Alert rules"
        columns={COLUMNS}
      >
        {rules.map((rule) => (
          <tr
            key={rule.id}
            data-testid="rule-row"
            data-rule-id={rule.id}
            className="hover:bg-surface-muted/50"
          >
            <td className={`${tdClass} font-medium`}>{rule.name}</td>
            <td className={tdClass}>
              <div className="whitespace-nowrap">{RULE_KIND_LABELS[rule.kind].replace(/ \(.*\)$/, "")}</div>
              <div className="text-xs text-muted">{conditionSummary(rule)}</div>
            </td>
            <td className={`${tdClass} max-w-72 break-words font-mono text-xs`}>
              {matchSummary(rule.match)}
            </td>
            <td className={tdClass}>
              <SeverityBadge severity={rule.severity} />
            </td>
            <td className={`${tdClass} max-w-56 text-xs`}>{channelNames(rule.channels, channels)}</td>
            <td className={tdClass}>
              <EnabledSwitch rule={rule} />
            </td>
            <td className={`${tdClass} whitespace-nowrap text-right`}>
              <div className="inline-flex gap-1.5">
                <button
                  type="button"
                  onClick={() => setEditing(rule)}
                  aria-label={`Edit ${rule.name}`}
                  className={`${buttonClass.secondary} ${smallButton}`}
                >
                  Edit
                </button>
                <button
                  type="button"
                  onClick={() => start(rule)}
                  aria-label={`Delete ${rule.name}`}
                  className={`${buttonClass.dangerOutline} ${smallButton}`}
                >
                  Delete
                </button>
              </div>
            </td>
          </tr>
        ))}
      </AdminTable>
      <ConfirmDialog
        {...dialog}
        title={`Delete the rule "${target?.name ?? ""}"?`}
        confirmLabel="Delete rule"
      >
        <p>It stops firing at once. Alerts it already fired stay in the history.</p>
      </ConfirmDialog>
    </Panel>
  );
}

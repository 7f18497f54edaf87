"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellRing } from "lucide-react";
import type { AlertRule, Channel, Severity } from "@/lib/alerts";
import { deleteRule, saveRule } from "@/components/api/alert-api";
import { alertKeys, channelsQuery, rulesQuery } from "@/components/api/alert-queries";
import { authKeys } from "@/components/api/auth-queries";
import { Td } from "@/components/ui/table";
import { AlertRuleForm, RULE_KIND_LABELS } from "./alert-rule-form";
import { conditionSummary, matchSummary } from "./alert-rule-units";
import { ConfigPanel } from "./config-panel";

const COLUMNS = ["Name", "Kind", "Match", "Severity", "Channels", "Enabled"] as const;

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
  return (
    <ConfigPanel
      headingId="alerts-rules-heading"
      data-testid="rules-panel"
      icon={BellRing}
      title="Rules"
      addLabel="Add rule"
      query={query}
      table={{
        loadingLabel: "Loading alert rules",
        skeletonRows: 3,
        what: "alert rules",
        empty: {
          title: "No alert rules yet",
          hint: "Add a rule to be told when a job breaks, queues too long, or a source goes quiet.",
        },
        testId: "rules-table",
        minWidthClass: "min-w-[60rem]",
        caption: "Alert rules",
        columns: COLUMNS,
      }}
      row={{ testId: "rule-row", idAttribute: "data-rule-id" }}
      cells={(rule) => (
        <>
          <Td className="font-medium">{rule.name}</Td>
          <Td>
            <div className="whitespace-nowrap">{RULE_KIND_LABELS[rule.kind].replace(/ \(.*\)$/, "")}</div>
            <div className="text-xs text-muted">{conditionSummary(rule)}</div>
          </Td>
          <Td className="max-w-72 break-words font-mono text-xs">{matchSummary(rule.match)}</Td>
          <Td>
            <SeverityBadge severity={rule.severity} />
          </Td>
          <Td className="max-w-56 text-xs">{channelNames(rule.channels, channels)}</Td>
          <Td>
            <EnabledSwitch rule={rule} />
          </Td>
        </>
      )}
      form={(rule, onDone) => <AlertRuleForm rule={rule} onDone={onDone} />}
      deleteItem={(rule) => deleteRule(rule.id)}
      confirm={{
        title: (name) => `Delete the rule "${name}"?`,
        label: "Delete rule",
        body: <p>It stops firing at once. Alerts it already fired stay in the history.</p>,
      }}
    />
  );
}

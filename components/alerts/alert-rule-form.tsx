"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ALERT_RULE_KINDS, SEVERITIES, type AlertRule, type AlertRuleKind } from "@/lib/alerts";
import { saveRule, type RuleBody } from "@/components/api/alert-api";
import { alertKeys, channelsQuery } from "@/components/api/alert-queries";
import { SelectField, TextField } from "./alert-form-parts";
import { ChannelPicker, KindFields, MatchFields } from "./alert-rule-fields";
import { RuleValueError, initialValues, toRuleBody, type RuleFormValues } from "./alert-rule-units";
import { ConfigFormCard, useConfigForm } from "./config-form";

/** Display names of the rule kinds. */
export const RULE_KIND_LABELS: Record<AlertRuleKind, string> = {
  job_state: "Job state (broke / fixed / failure)",
  queue_time: "Queue time",
  stuck_job: "Stuck job",
  success_rate: "Success rate",
  duration_regression: "Duration regression",
  runner_offline: "Runner offline",
  source_silent: "Source silent",
  slo_burn: "SLO burn rate (every SLO, fast and slow)",
  dispatch_stall: "Dispatch stall (idle runner, waiting job)",
  orphan_label: "Orphan label (no runner serves it)",
  pool_exhausted: "Pool exhausted",
  silent_source: "Silent source (learned gap)",
  stale_job: "Stale job",
};

const OWN_FIELDS = [
  "name",
  "kind",
  "severity",
  "on",
  "threshold",
  "windowMs",
  "cooldownMs",
  "channels",
  "match.repo",
  "match.branch",
  "match.workflow",
  "match.job",
  "match.label",
  "match.source",
] as const;

/** Props of {@link AlertRuleForm}. */
export interface AlertRuleFormProps {
  /** The rule being edited; absent to create one. */
  rule?: AlertRule;
  onDone: () => void;
}

/** Create or edit an alert rule; the fields follow the kind, and the server's 400 shows at the field it names. */
export function AlertRuleForm({ rule, onDone }: AlertRuleFormProps) {
  const channels = useQuery(channelsQuery()).data ?? [];
  const [values, setValues] = useState<RuleFormValues>(() => initialValues(rule));
  const set = (patch: Partial<RuleFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const { problem, pending, submit } = useConfigForm({
    noun: "rule",
    save: (body: RuleBody) => saveRule(body, rule?.id),
    listKey: alertKeys.rules,
    onDone,
    inputProblem: (error) =>
      error instanceof RuleValueError ? { message: error.message, field: error.field } : null,
  });

  return (
    <ConfigFormCard
      label={rule ? `Edit rule ${rule.name}` : "Create an alert rule"}
      onSubmit={submit(values.name, () => toRuleBody(values, rule !== undefined))}
      problem={problem}
      ownFields={OWN_FIELDS}
      pending={pending}
      submitLabel={rule ? "Save rule" : "Create rule"}
      onCancel={onDone}
    >
      <div className="grid gap-3 md:grid-cols-[minmax(12rem,1fr)_minmax(12rem,18rem)_10rem]">
        <TextField
          label="Name"
          field="name"
          value={values.name}
          onChange={(name) => set({ name })}
          problem={problem}
          placeholder="main is broken"
        />
        <SelectField
          label="Kind"
          name="kind"
          value={values.kind}
          options={ALERT_RULE_KINDS}
          labels={RULE_KIND_LABELS}
          onChange={(kind) => set({ kind, threshold: "", window: "" })}
        />
        <SelectField
          label="Severity"
          name="severity"
          value={values.severity}
          options={SEVERITIES}
          onChange={(severity) => set({ severity })}
        />
      </div>
      <KindFields values={values} set={set} problem={problem} />
      <MatchFields values={values} set={set} problem={problem} />
      <ChannelPicker values={values} set={set} problem={problem} channels={channels} />
    </ConfigFormCard>
  );
}

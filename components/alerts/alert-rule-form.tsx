"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { LoaderCircle } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
import {
  ALERT_RULE_KINDS,
  SEVERITIES,
  type AlertRule,
  type AlertRuleKind,
  type Severity,
} from "@/lib/alerts";
import { errorField, saveRule, type RuleBody } from "@/components/api/alert-api";
import { FormFooter, TextField, formCardClass, type FormProblem } from "./alert-form-parts";
import { alertKeys, channelsQuery } from "@/components/api/alert-queries";
import { ChannelPicker, KindFields, MatchFields } from "./alert-rule-fields";
import { RuleValueError, initialValues, toRuleBody, type RuleFormValues } from "./alert-rule-units";
import { authKeys } from "@/components/api/auth-queries";
import { describeError } from "@/components/ui/query-state";
import { buttonClass, inputClass, labelClass } from "@/components/ui/classes";

/** Display names of the rule kinds. */
export const RULE_KIND_LABELS: Record<AlertRuleKind, string> = {
  job_state: "Job state (broke / fixed / failure)",
  queue_time: "Queue time",
  stuck_job: "Stuck job",
  success_rate: "Success rate",
  duration_regression: "Duration regression",
  runner_offline: "Runner offline",
  source_silent: "Source silent",
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
  const queryClient = useQueryClient();
  const channels = useQuery(channelsQuery()).data ?? [];
  const kindId = useId();
  const severityId = useId();
  const [values, setValues] = useState<RuleFormValues>(() => initialValues(rule));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const set = (patch: Partial<RuleFormValues>) => setValues((v) => ({ ...v, ...patch }));

  const save = useMutation({
    mutationFn: (body: RuleBody) => saveRule(body, rule?.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: alertKeys.rules });
      void queryClient.invalidateQueries({ queryKey: authKeys.audit });
      onDone();
    },
    onError: (error) => setProblem({ message: describeError(error), field: errorField(error) }),
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(null);
    if (!values.name.trim()) {
      setProblem({ message: "Give the rule a name.", field: "name" });
      return;
    }
    try {
      save.mutate(toRuleBody(values, rule !== undefined));
    } catch (error) {
      if (!(error instanceof RuleValueError)) throw error;
      setProblem({ message: error.message, field: error.field });
    }
  };

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={rule ? `Edit rule ${rule.name}` : "Create an alert rule"}
      className={formCardClass}
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
        <div>
          <label htmlFor={kindId} className={labelClass}>
            Kind
          </label>
          <select
            id={kindId}
            name="kind"
            value={values.kind}
            onChange={(event) =>
              set({ kind: event.target.value as AlertRuleKind, threshold: "", window: "" })
            }
            className={inputClass}
          >
            {ALERT_RULE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {RULE_KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={severityId} className={labelClass}>
            Severity
          </label>
          <select
            id={severityId}
            name="severity"
            value={values.severity}
            onChange={(event) => set({ severity: event.target.value as Severity })}
            className={inputClass}
          >
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {severity}
              </option>
            ))}
          </select>
        </div>
      </div>
      <KindFields values={values} set={set} problem={problem} />
      <MatchFields values={values} set={set} problem={problem} />
      <ChannelPicker values={values} set={set} problem={problem} channels={channels} />
      <FormFooter problem={problem} ownFields={OWN_FIELDS}>
        <button type="button" onClick={onDone} className={buttonClass.ghost}>
          Cancel
        </button>
        <button type="submit" disabled={save.isPending} className={buttonClass.primary}>
          {save.isPending && <LoaderCircle aria-hidden className="size-4 animate-spin" />}
          {rule ? "Save rule" : "Create rule"}
        </button>
      </FormFooter>
    </form>
  );
}

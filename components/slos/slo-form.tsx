"use client";

import { useState, type FormEvent } from "react";
import { JOB_SOURCES } from "@/lib/job";
import { SLO_OBJECTIVES, type Slo, type SloInput, type SloObjectiveKind } from "@/lib/slo";
import { ApiRequestError } from "@/components/api/api-client";
import { saveSlo } from "@/components/api/slo-queries";
import {
  FormFooter,
  SelectField,
  TextField,
  formCardClass,
  type FormProblem,
} from "@/components/alerts/alert-form-parts";
import { Button } from "@/components/ui/button";
import { SloChannelPicker } from "./slo-channel-picker";

/** Props of {@link SloForm}. */
export interface SloFormProps {
  /** The SLO being edited; absent to create one. */
  editing?: Slo;
  onDone: () => void;
  onCancel: () => void;
}

const OBJECTIVE_LABELS: Record<SloObjectiveKind, string> = {
  queue_time_p95: "Queue time (p95) on a pool",
  success_rate: "Default-branch success rate",
  time_to_green: "Time to green after a break",
  webhook_ack_p99: "Webhook acknowledgement (p99)",
};

const ANY_SOURCE = "any";
const SOURCE_OPTIONS = [ANY_SOURCE, ...JOB_SOURCES] as const;

/** The form's text values, one per field of every objective. */
interface Values {
  name: string;
  kind: SloObjectiveKind;
  pool: string;
  maxSeconds: string;
  maxMinutes: string;
  maxMs: string;
  repo: string;
  source: (typeof SOURCE_OPTIONS)[number];
  target: string;
  description: string;
  channels: string[];
}

function initial(slo?: Slo): Values {
  const o = slo?.objective;
  return {
    name: slo?.name ?? "",
    kind: o?.kind ?? "queue_time_p95",
    pool: o?.kind === "queue_time_p95" ? o.pool : "",
    maxSeconds: o?.kind === "queue_time_p95" ? String(o.maxSeconds) : "60",
    maxMinutes: o?.kind === "time_to_green" ? String(o.maxMinutes) : "60",
    maxMs: o?.kind === "webhook_ack_p99" ? String(o.maxMs) : "250",
    repo: o?.kind === "success_rate" || o?.kind === "time_to_green" ? (o.repo ?? "") : "",
    source: o?.kind === "webhook_ack_p99" ? (o.source ?? ANY_SOURCE) : ANY_SOURCE,
    target: slo ? String(slo.target) : "99",
    description: slo?.description ?? "",
    channels: [...(slo?.channels ?? [])],
  };
}

// An empty number stays absent so the server names the field as required; text is sent as typed.
const num = (value: string) => (value.trim() === "" ? undefined : Number(value));
const optional = (value: string) => (value.trim() === "" ? undefined : value.trim());

/** The body as the server validates it (the server, not the form, judges it). */
function toBody(v: Values): SloInput {
  const objective = {
    queue_time_p95: { kind: v.kind, pool: v.pool, maxSeconds: num(v.maxSeconds) },
    success_rate: { kind: v.kind, repo: optional(v.repo) },
    time_to_green: { kind: v.kind, maxMinutes: num(v.maxMinutes), repo: optional(v.repo) },
    webhook_ack_p99: {
      kind: v.kind,
      maxMs: num(v.maxMs),
      source: v.source === ANY_SOURCE ? undefined : v.source,
    },
  }[v.kind];
  return {
    name: v.name,
    objective,
    target: num(v.target),
    description: optional(v.description),
    channels: v.channels,
  } as SloInput;
}

/** Creates or edits an SLO (admin); the server's 400 shows beside the field it names. */
export function SloForm({ editing, onDone, onCancel }: SloFormProps) {
  const [values, setValues] = useState<Values>(() => initial(editing));
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (key: keyof Values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    try {
      await saveSlo(toBody(values), editing?.id);
      onDone();
    } catch (error) {
      const field = error instanceof ApiRequestError ? (error.field ?? null) : null;
      setProblem({ message: error instanceof Error ? error.message : "Could not save", field });
    } finally {
      setSaving(false);
    }
  }

  const own = [
    "name",
    "objective.pool",
    "objective.maxSeconds",
    "objective.maxMinutes",
    "objective.maxMs",
    "objective.repo",
    "target",
    "description",
    "channels",
  ];
  const field = (
    key: Exclude<keyof Values, "channels">,
    apiField: string,
    label: string,
    type: "text" | "number" = "text",
  ) => (
    <TextField
      label={label}
      field={apiField}
      value={values[key]}
      onChange={set(key)}
      problem={problem}
      type={type}
    />
  );
  return (
    <form
      onSubmit={submit}
      className={formCardClass}
      aria-label={editing ? "Edit SLO" : "New SLO"}
      noValidate
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {field("name", "name", "Name")}
        <SelectField
          label="Objective"
          name="objective.kind"
          value={values.kind}
          options={SLO_OBJECTIVES}
          labels={OBJECTIVE_LABELS}
          onChange={(kind) => setValues((v) => ({ ...v, kind }))}
        />
        {values.kind === "queue_time_p95" && (
          <>
            {field("pool", "objective.pool", "Pool (as the Queue page names it)")}
            {field("maxSeconds", "objective.maxSeconds", "Longest good wait (seconds)", "number")}
          </>
        )}
        {values.kind === "time_to_green" &&
          field("maxMinutes", "objective.maxMinutes", "Fixed within (minutes)", "number")}
        {(values.kind === "success_rate" || values.kind === "time_to_green") &&
          field("repo", "objective.repo", "Repositories (glob, optional)")}
        {values.kind === "webhook_ack_p99" && (
          <>
            {field("maxMs", "objective.maxMs", "Answered within (ms)", "number")}
            <SelectField
              label="Source"
              name="objective.source"
              value={values.source}
              options={SOURCE_OPTIONS}
              onChange={set("source")}
            />
          </>
        )}
        {field("target", "target", "Target (% of events good over 28 days)", "number")}
        <div className="sm:col-span-2">
          {field("description", "description", "Description (optional: what it protects, who owns it)")}
        </div>
      </div>
      <SloChannelPicker
        selected={values.channels}
        onChange={(channels) => setValues((v) => ({ ...v, channels }))}
        problem={problem}
      />
      <FormFooter problem={problem} ownFields={own}>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button variant="primary" type="submit" disabled={saving}>
          {editing ? "Save SLO" : "Create SLO"}
        </Button>
      </FormFooter>
    </form>
  );
}

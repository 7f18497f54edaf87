"use client";

import { useId } from "react";
import {
  JOB_STATE_EVENTS,
  MATCH_KEYS,
  RULE_KIND_SPECS,
  type Channel,
  type JobStateEvent,
  type MatchKey,
} from "@/lib/alerts";
import { TextField, fieldMessage, type FormProblem } from "./alert-form-parts";
import { FieldError } from "@/components/ui/form-field";
import {
  COOLDOWN_UNIT,
  THRESHOLD_UNITS,
  WINDOW_UNIT,
  toFormNumber,
  type RuleFormValues,
} from "./alert-rule-units";
import { inputClass, labelClass } from "@/components/ui/classes";

/** Props of the rule form's field groups. */
export interface RuleFieldsProps {
  values: RuleFormValues;
  set: (patch: Partial<RuleFormValues>) => void;
  problem: FormProblem | null;
}

const EVENT_HELP: Record<JobStateEvent, string> = {
  broke: "first failure after a success",
  fixed: "first success after failures",
  failure: "every failure",
};

/** A checkbox group whose error (server field `field`) shows under it. */
export function CheckGroup<T extends string>(props: {
  legend: string;
  field: string;
  options: readonly { value: T; label: string; hint?: string }[];
  selected: readonly T[];
  onChange: (next: T[]) => void;
  problem: FormProblem | null;
}) {
  const errorId = useId();
  const { legend, field, options, selected, onChange, problem } = props;
  const toggle = (value: T) =>
    onChange(
      options.map((o) => o.value).filter((v) => (v === value ? !selected.includes(v) : selected.includes(v))),
    );
  return (
    <fieldset aria-describedby={problem?.field === field ? errorId : undefined}>
      <legend className={labelClass}>{legend}</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-2">
        {options.map((option) => (
          <label key={option.value} className="flex cursor-pointer items-start gap-2 text-sm">
            <input
              type="checkbox"
              name={field}
              value={option.value}
              checked={selected.includes(option.value)}
              onChange={() => toggle(option.value)}
              className="mt-0.5 size-4 accent-[var(--accent)]"
            />
            <span>
              <span className="font-medium">{option.label}</span>
              {option.hint && <span className="block text-xs text-muted">{option.hint}</span>}
            </span>
          </label>
        ))}
      </div>
      {problem?.field === field && <FieldError id={errorId}>{fieldMessage(problem, field)}</FieldError>}
    </fieldset>
  );
}

/** The fields that depend on the kind: `on` events, threshold, window, cool-down and scope. */
export function KindFields({ values, set, problem }: RuleFieldsProps) {
  const spec = RULE_KIND_SPECS[values.kind];
  const scopeId = useId();
  const t = spec.threshold;
  const unit = t ? THRESHOLD_UNITS[t.unit] : null;
  return (
    <div className="grid gap-3 md:grid-cols-3">
      {values.kind === "job_state" && (
        <div className="md:col-span-3">
          <CheckGroup
            legend="Notify on"
            field="on"
            options={JOB_STATE_EVENTS.map((e) => ({ value: e, label: e, hint: EVENT_HELP[e] }))}
            selected={values.on}
            onChange={(on) => set({ on })}
            problem={problem}
          />
        </div>
      )}
      {t && unit && (
        <TextField
          label={`Threshold (${unit.label})`}
          field="threshold"
          type="number"
          step="any"
          value={values.threshold}
          onChange={(threshold) => set({ threshold })}
          problem={problem}
          placeholder={t.fallback === null ? "required" : `default ${toFormNumber(t.fallback, unit.factor)}`}
          hint={`Between ${toFormNumber(t.min, unit.factor)} and ${toFormNumber(t.max, unit.factor)}.`}
        />
      )}
      {spec.windowMs !== null && (
        <TextField
          label={`Window (${WINDOW_UNIT.label})`}
          field="windowMs"
          type="number"
          step="any"
          value={values.window}
          onChange={(window) => set({ window })}
          problem={problem}
          placeholder={`default ${toFormNumber(spec.windowMs, WINDOW_UNIT.factor)}`}
          hint="How far back the figure is computed."
        />
      )}
      <TextField
        label={`Cool-down (${COOLDOWN_UNIT.label})`}
        field="cooldownMs"
        type="number"
        step="any"
        value={values.cooldown}
        onChange={(cooldown) => set({ cooldown })}
        problem={problem}
        placeholder={`default ${toFormNumber(spec.cooldownMs, COOLDOWN_UNIT.factor)}`}
        hint="No repeat notification sooner while it still holds."
      />
      {values.kind === "runner_offline" && (
        <div>
          <label htmlFor={scopeId} className={labelClass}>
            One alert per
          </label>
          <select
            id={scopeId}
            value={values.scope}
            onChange={(event) => set({ scope: event.target.value === "pool" ? "pool" : "runner" })}
            className={inputClass}
          >
            <option value="runner">offline runner</option>
            <option value="pool">pool with every runner offline</option>
          </select>
        </div>
      )}
    </div>
  );
}

/** The match patterns the kind takes: globs, or exact values where the metric filters by them. */
export function MatchFields({ values, set, problem }: RuleFieldsProps) {
  const spec = RULE_KIND_SPECS[values.kind];
  const keys = MATCH_KEYS.filter((k) => spec.glob.includes(k) || spec.exact.includes(k));
  const setKey = (key: MatchKey, value: string) => set({ match: { ...values.match, [key]: value } });
  return (
    <fieldset>
      <legend className={labelClass}>
        Match (all must match; <code>*</code> any text, <code>?</code> one character; blank matches
        everything)
      </legend>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {keys.map((key) => (
          <TextField
            key={key}
            label={spec.exact.includes(key) ? `${key} (exact)` : key}
            field={`match.${key}`}
            value={values.match[key] ?? ""}
            onChange={(value) => setKey(key, value)}
            problem={problem}
            placeholder={key === "repo" ? "acme/*" : key === "branch" ? "main" : "*"}
          />
        ))}
      </div>
    </fieldset>
  );
}

/** Props of {@link ChannelPicker}. */
export interface ChannelPickerProps extends RuleFieldsProps {
  channels: readonly Channel[];
}

/** Which channels the rule notifies (checkboxes of the existing channels). */
export function ChannelPicker({ values, set, problem, channels }: ChannelPickerProps) {
  if (channels.length === 0) {
    return (
      <p className="text-sm text-muted">No channels yet: the rule records alerts in the history only.</p>
    );
  }
  return (
    <CheckGroup
      legend="Send to"
      field="channels"
      options={channels.map((c) => ({ value: c.id, label: c.name, hint: c.kind }))}
      selected={values.channels}
      onChange={(next) => set({ channels: next })}
      problem={problem}
    />
  );
}

"use client";

import { useId, type ReactNode } from "react";
import { inputClass } from "@/components/ui/classes";
import { FieldError, FormField } from "@/components/ui/form-field";

/** A form's state of failure: the message and the dotted field the server named (if any). */
export interface FormProblem {
  message: string;
  field: string | null;
}

/**
 * The problem as shown beside its own field: the server writes `<field> <problem>`
 * (`config.url must be an http(s) URL`), and the field is already labelled there.
 */
export function fieldMessage(problem: FormProblem, field: string): string {
  const rest = problem.message.startsWith(`${field} `) ? problem.message.slice(field.length + 1) : "";
  return rest ? rest.charAt(0).toUpperCase() + rest.slice(1) : problem.message;
}

/** Props of {@link TextField}. */
export interface TextFieldProps {
  label: ReactNode;
  /** Dotted API field name, matched against the server's `error.field`. */
  field: string;
  value: string;
  onChange: (value: string) => void;
  problem: FormProblem | null;
  type?: "text" | "url" | "password" | "number";
  placeholder?: string;
  hint?: ReactNode;
  className?: string;
  /** Forwarded to the input, e.g. "new-password". */
  autoComplete?: string;
  step?: string;
  min?: number;
}

/** A labelled input showing the server's error when it names this field. */
export function TextField({
  label,
  field,
  value,
  onChange,
  problem,
  type = "text",
  placeholder,
  hint,
  className,
  autoComplete = "off",
  step,
  min,
}: TextFieldProps) {
  return (
    <FormField
      label={label}
      hint={hint}
      error={problem?.field === field ? fieldMessage(problem, field) : undefined}
      className={className}
    >
      {(control) => (
        <input
          {...control}
          name={field}
          type={type}
          step={step}
          min={min}
          inputMode={type === "number" ? "decimal" : undefined}
          autoComplete={autoComplete}
          placeholder={placeholder}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          className={inputClass}
        />
      )}
    </FormField>
  );
}

/** Props of {@link SelectField}. */
export interface SelectFieldProps<T extends string> {
  label: ReactNode;
  /** The form field's name. */
  name: string;
  value: T;
  options: readonly T[];
  /** How an option reads; the value itself when absent. */
  labels?: Record<T, string>;
  onChange: (value: T) => void;
}

/** A labelled select of one of `options` (a rule's kind or severity, a channel's kind). */
export function SelectField<T extends string>({
  label,
  name,
  value,
  options,
  labels,
  onChange,
}: SelectFieldProps<T>) {
  return (
    <FormField label={label}>
      {({ id }) => (
        <select
          id={id}
          name={name}
          value={value}
          onChange={(event) => onChange(event.target.value as T)}
          className={inputClass}
        >
          {options.map((option) => (
            <option key={option} value={option}>
              {labels ? labels[option] : option}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}

/** Props of {@link FormFooter}. */
export interface FormFooterProps {
  /** A problem no visible field owns, shown above the buttons. */
  problem: FormProblem | null;
  /** Fields that show their own error; any other field's error is shown here. */
  ownFields: readonly string[];
  children: ReactNode;
}

/** The form's buttons, with any error that no field shows. */
export function FormFooter({ problem, ownFields, children }: FormFooterProps) {
  const id = useId();
  const orphan = problem && (problem.field === null || !ownFields.includes(problem.field));
  return (
    <div className="space-y-2">
      {orphan && <FieldError id={id}>{problem.message}</FieldError>}
      <div className="flex flex-wrap justify-end gap-2">{children}</div>
    </div>
  );
}

/** Class of a form card inside a panel (the API-key form's look). */
export const formCardClass = "space-y-4 border-b border-border bg-surface-muted/50 px-4 py-4";

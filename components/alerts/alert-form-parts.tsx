"use client";

import { CircleAlert } from "lucide-react";
import { useId, type ReactNode } from "react";
import { inputClass, labelClass } from "@/components/ui/classes";

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

/** Props of {@link FieldError}. */
export interface FieldErrorProps {
  id: string;
  children: ReactNode;
}

/** A red message under a control (or a form), announced when it appears. */
export function FieldError({ id, children }: FieldErrorProps) {
  return (
    <p id={id} role="alert" className="mt-1 flex items-start gap-1.5 text-xs text-red-700 dark:text-red-300">
      <CircleAlert aria-hidden className="mt-px size-3.5 shrink-0" />
      {children}
    </p>
  );
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
  const id = useId();
  const hintId = useId();
  const errorId = useId();
  const failed = problem?.field === field;
  const describedBy = [hint ? hintId : null, failed ? errorId : null].filter(Boolean).join(" ");
  return (
    <div className={className}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input
        id={id}
        name={field}
        type={type}
        step={step}
        min={min}
        inputMode={type === "number" ? "decimal" : undefined}
        autoComplete={autoComplete}
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={failed ? true : undefined}
        aria-describedby={describedBy || undefined}
        className={inputClass}
      />
      {hint && (
        <p id={hintId} className="mt-1 text-xs text-muted">
          {hint}
        </p>
      )}
      {failed && <FieldError id={errorId}>{fieldMessage(problem, field)}</FieldError>}
    </div>
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

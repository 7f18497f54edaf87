"use client";

import { CircleAlert } from "lucide-react";
import { useId, type ReactNode } from "react";
import { labelClass } from "./classes";

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

/** What {@link FormField} hands its control: the id its label points at, and its error state. */
export interface FormControlProps {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

/** Props of {@link FormField}. */
export interface FormFieldProps {
  label: ReactNode;
  /** A line of help under the control. */
  hint?: ReactNode;
  /** The problem with this field, shown under it; the control is then marked invalid. */
  error?: ReactNode;
  className?: string;
  /** Renders the control with the given attributes spread onto it. */
  children: (control: FormControlProps) => ReactNode;
}

/** A form's labelled control, with its hint and its error described to assistive technology. */
export function FormField({ label, hint, error, className, children }: FormFieldProps) {
  const id = useId();
  const hintId = useId();
  const errorId = useId();
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ");
  return (
    <div className={className}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      {children({
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy || undefined,
      })}
      {hint && (
        <p id={hintId} className="mt-1 text-xs text-muted">
          {hint}
        </p>
      )}
      {error && <FieldError id={errorId}>{error}</FieldError>}
    </div>
  );
}

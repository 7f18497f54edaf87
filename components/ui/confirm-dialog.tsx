"use client";

import { CircleAlert, LoaderCircle } from "lucide-react";
import { useEffect, useId, useRef, type ReactNode } from "react";
import { buttonClass } from "./classes";

/** Props of {@link ConfirmDialog}. */
export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  /** Text of the destructive button, e.g. "Revoke key". */
  confirmLabel: string;
  onConfirm: () => void;
  /** Called on Cancel, Escape or a click on the backdrop. */
  onCancel: () => void;
  pending?: boolean;
  /** Why the last attempt failed; shown inside the dialog as an alert. */
  error?: string | null;
}

/**
 * A modal confirmation for destructive actions, on the native `<dialog>`:
 * focus is trapped inside, starts on Cancel (the safe choice), and returns to
 * the button that opened it when it closes.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  pending = false,
  error,
}: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        if (!pending) onCancel();
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the dialog element itself.
        if (event.target === event.currentTarget && !pending) onCancel();
      }}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-border bg-surface p-0 text-foreground shadow-xl backdrop:bg-black/40 backdrop:backdrop-blur-[1px]"
    >
      {open && (
        <div className="p-5">
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          <div id={bodyId} className="mt-2 space-y-2 text-sm text-muted">
            {children}
          </div>
          {error && (
            <p
              role="alert"
              className="mt-3 flex items-start gap-2 rounded-lg border border-red-600/25 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-400/30 dark:bg-red-400/10 dark:text-red-200"
            >
              <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
              {error}
            </p>
          )}
          <div className="mt-5 flex flex-wrap justify-end gap-2">
            <button
              type="button"
              autoFocus
              onClick={onCancel}
              disabled={pending}
              className={buttonClass.secondary}
            >
              Cancel
            </button>
            <button type="button" onClick={onConfirm} disabled={pending} className={buttonClass.danger}>
              {pending && <LoaderCircle aria-hidden className="size-4 animate-spin" />}
              {confirmLabel}
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}

/**
 * Moves focus to the element with `id` when focus has fallen back to `<body>`
 * (the control that had it was removed, e.g. a revoked row's button).
 */
export function focusIfLost(id: string): void {
  if (document.activeElement && document.activeElement !== document.body) return;
  document.getElementById(id)?.focus();
}

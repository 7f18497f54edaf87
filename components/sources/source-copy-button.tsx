"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useRef, useState } from "react";

/** Props of {@link CopyButton}. */
export interface CopyButtonProps {
  /** The text to copy. */
  value: string;
  /** What is copied, for the button's accessible name: "Copy {what}". */
  what: string;
  className?: string;
}

/** How long the button says "Copied". */
const CONFIRM_MS = 2000;

/** Copies with the async clipboard API, or, where it is unavailable (plain HTTP), a hidden textarea. */
async function copyText(value: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(value);
      return true;
    }
  } catch {
    // Permission denied or not focused: fall back below.
  }
  const area = document.createElement("textarea");
  area.value = value;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/** An icon button that copies a value, confirming with a check mark and a polite announcement. */
export function CopyButton({ value, what, className = "" }: CopyButtonProps) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    const ok = await copyText(value);
    setState(ok ? "copied" : "failed");
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), CONFIRM_MS);
  };

  return (
    <>
      <button
        type="button"
        onClick={() => void copy()}
        title={`Copy ${what}`}
        className={`inline-flex size-8 shrink-0 items-center justify-center rounded-md border border-border-strong bg-surface text-muted transition-colors hover:bg-surface-muted hover:text-foreground ${className}`}
      >
        {state === "copied" ? (
          <Check aria-hidden className="size-4 text-emerald-600 dark:text-emerald-400" />
        ) : (
          <Copy aria-hidden className="size-4" />
        )}
        <span className="sr-only">{`Copy ${what}`}</span>
      </button>
      <span role="status" className="sr-only">
        {state === "copied"
          ? `Copied ${what}`
          : state === "failed"
            ? `Could not copy ${what}; select it and copy by hand`
            : ""}
      </span>
    </>
  );
}

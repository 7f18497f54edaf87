"use client";

import { Check, Copy, TriangleAlert } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import type { CreatedApiKey } from "@/lib/auth";
import { ScopeBadges } from "@/components/auth/auth-badges";
import { buttonClass } from "@/components/ui/classes";

/** Props of {@link NewKeySecret}. */
export interface NewKeySecretProps {
  created: CreatedApiKey;
  /** Forget the secret (it is held nowhere else). */
  onDone: () => void;
}

/** Copies text, falling back to a selection copy where the Clipboard API is unavailable (plain HTTP). */
async function copyText(text: string, fallbackNode: HTMLElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission refused: try the selection route below.
  }
  if (!fallbackNode) return false;
  const range = document.createRange();
  range.selectNodeContents(fallbackNode);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
  // Deprecated, but the only copy that works outside secure contexts; the text stays selected if it fails.
  return document.execCommand("copy");
}

/**
 * The one and only showing of a new key's secret: a warning, the secret
 * (`data-testid="new-key-secret"`) and a copy button. Takes focus when it
 * appears so keyboard and screen-reader users land on it.
 */
export function NewKeySecret({ created, onDone }: NewKeySecretProps) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const secretRef = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  useEffect(() => {
    if (copied !== "yes") return;
    const timer = setTimeout(() => setCopied(null), 4000);
    return () => clearTimeout(timer);
  }, [copied]);

  const onCopy = async () =>
    setCopied((await copyText(created.secret, secretRef.current)) ? "yes" : "failed");

  return (
    <section
      aria-labelledby={headingId}
      className="border-b border-border bg-emerald-50/60 px-4 py-4 dark:bg-emerald-400/5"
    >
      <h3
        id={headingId}
        ref={headingRef}
        tabIndex={-1}
        className="flex flex-wrap items-center gap-2 text-sm font-semibold focus:outline-none focus-visible:outline-2"
      >
        {`Key "${created.key.name}" created`}
        <ScopeBadges scopes={created.key.scopes} />
      </h3>
      <p className="mt-2 flex items-start gap-2 text-sm text-amber-900 dark:text-amber-200">
        <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
        <span>
          <strong className="font-semibold">Copy this secret now.</strong> It will not be shown again:
          Runwatch keeps only a hash of it. If you lose it, revoke the key and create a new one.
        </span>
      </p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-stretch">
        <code
          ref={secretRef}
          data-testid="new-key-secret"
          aria-label="Secret"
          className="min-w-0 flex-1 select-all break-all rounded-md border border-border-strong bg-surface px-3 py-2 font-mono text-sm"
        >
          {created.secret}
        </code>
        <button
          type="button"
          onClick={() => void onCopy()}
          className={`${buttonClass.secondary} h-auto py-2`}
        >
          {copied === "yes" ? (
            <Check aria-hidden className="size-4 text-emerald-600 dark:text-emerald-400" />
          ) : (
            <Copy aria-hidden className="size-4" />
          )}
          {copied === "yes" ? "Copied" : "Copy"}
        </button>
      </div>
      <p role="status" className="mt-1 min-h-5 text-xs text-muted">
        {copied === "yes"
          ? "Secret copied to the clipboard."
          : copied === "failed"
            ? "Could not copy automatically; the secret is selected, press Ctrl+C (⌘C)."
            : ""}
      </p>
      <div className="mt-2 flex justify-end">
        <button type="button" onClick={onDone} className={buttonClass.primary}>
          I have copied it
        </button>
      </div>
    </section>
  );
}

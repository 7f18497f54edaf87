"use client";

import { ShieldAlert } from "lucide-react";
import { useMe } from "@/components/api/auth-queries";

/**
 * The local-demo warning (`RUNWATCH_AUTH=off`): shown on every page while the
 * server reports auth off, and deliberately impossible to dismiss.
 */
export function AuthOffBanner() {
  const { me } = useMe();
  if (me?.auth !== "off") return null;
  return (
    <div
      data-testid="auth-off-banner"
      role="note"
      className="border-b border-amber-600/25 bg-amber-50 text-amber-900 dark:border-amber-400/25 dark:bg-amber-400/10 dark:text-amber-200"
    >
      <p className="mx-auto flex max-w-screen-2xl items-start gap-2 px-3 py-2 text-sm sm:items-center sm:px-6">
        <ShieldAlert aria-hidden className="mt-0.5 size-4 shrink-0 sm:mt-0" />
        <span>
          <strong className="font-semibold">Authentication is off</strong> (
          <code className="font-mono text-[13px]">RUNWATCH_AUTH=off</code>): anyone who can reach this server
          can read its data.
        </span>
      </p>
    </div>
  );
}

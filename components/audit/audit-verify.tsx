"use client";

import { useMutation } from "@tanstack/react-query";
import { LoaderCircle, ShieldAlert, ShieldCheck } from "lucide-react";
import type { ReactNode } from "react";
import type { AuditVerification } from "@/lib/auth";
import { verifyAudit } from "@/components/api/auth-api";
import { shortHash } from "./audit-params";
import { describeError } from "@/components/ui/query-state";
import { buttonClass } from "@/components/ui/classes";

/** What {@link useAuditVerification} returns: run it, and its latest outcome. */
export interface AuditVerificationState {
  verify: () => void;
  pending: boolean;
  result: AuditVerification | undefined;
  error: unknown;
}

/** Verifying the chain on demand (`GET /api/v1/audit/verify`); nothing is cached between runs. */
export function useAuditVerification(): AuditVerificationState {
  const mutation = useMutation({ mutationFn: () => verifyAudit() });
  return {
    verify: () => mutation.mutate(),
    pending: mutation.isPending,
    result: mutation.data,
    error: mutation.error,
  };
}

/** Props of {@link VerifyButton}. */
export interface VerifyButtonProps {
  state: AuditVerificationState;
}

/** "Verify chain". */
export function VerifyButton({ state }: VerifyButtonProps) {
  return (
    <button type="button" onClick={state.verify} disabled={state.pending} className={buttonClass.secondary}>
      {state.pending ? (
        <LoaderCircle aria-hidden className="size-4 animate-spin" />
      ) : (
        <ShieldCheck aria-hidden className="size-4" />
      )}
      {state.pending ? "Verifying…" : "Verify chain"}
    </button>
  );
}

/** Props of {@link VerifyResult}. */
export interface VerifyResultProps {
  state: AuditVerificationState;
}

/**
 * The outcome of the last verification (`data-testid="audit-verify-result"`,
 * `data-ok`): intact with its length and head, or the first broken link as an alert.
 */
export function VerifyResult({ state }: VerifyResultProps) {
  const { result, error, pending } = state;
  if (pending && !result) return null;
  if (error && !pending) {
    return (
      <BrokenAlert>
        <span>{`Could not verify the chain. ${describeError(error)}`}</span>
      </BrokenAlert>
    );
  }
  if (!result) return null;

  if (result.ok) {
    return (
      <div
        role="status"
        data-testid="audit-verify-result"
        data-ok="true"
        className="flex flex-wrap items-start gap-x-2 gap-y-1 rounded-xl border border-emerald-600/25 bg-emerald-50 px-4 py-3 text-sm text-emerald-900 dark:border-emerald-400/25 dark:bg-emerald-400/10 dark:text-emerald-200"
      >
        <ShieldCheck aria-hidden className="mt-0.5 size-4 shrink-0" />
        <span>
          <strong className="font-semibold">Chain intact.</strong>{" "}
          {result.count === 1 ? "1 entry verified" : `${result.count.toLocaleString()} entries verified`}
          {result.head ? (
            <>
              ; head is #{result.head.seq}{" "}
              <code title={result.head.hash} className="font-mono text-xs">
                {shortHash(result.head.hash)}
              </code>
              .
            </>
          ) : (
            "."
          )}
          <span data-testid="audit-verify-checkpoint" className="block text-xs opacity-80">
            {result.checkpoint
              ? `Matches the checkpoint kept outside the database at ${result.checkpoint.at} (#${result.checkpoint.seq}).`
              : "No checkpoint yet: the loss of the newest entries cannot be ruled out."}
          </span>
        </span>
      </div>
    );
  }

  return (
    <BrokenAlert data-testid="audit-verify-result" data-ok="false">
      <span>
        <strong className="font-semibold">
          {result.brokenAt > 0
            ? `Broken at seq ${result.brokenAt}: ${result.reason}`
            : `Broken: ${result.reason}`}
        </strong>{" "}
        <span className="block text-xs opacity-80">
          {`${result.count.toLocaleString()} entries checked. ${brokenHint(result)}`}
        </span>
      </span>
    </BrokenAlert>
  );
}

/** What a broken verification means for the entries, by the kind of problem found. */
function brokenHint(result: Extract<AuditVerification, { ok: false }>): string {
  switch (result.problem) {
    case "truncated":
      return `Entries from #${result.brokenAt} on, recorded by the last checkpoint, were removed.`;
    case "recomputed":
      return "The chain was rebuilt without the audit key: no entry after the rebuild can be trusted.";
    case "rewritten":
      return `The chain up to #${result.brokenAt} no longer matches the last checkpoint.`;
    case "checkpoint":
      return "The latest checkpoint outside the database is not genuine.";
    default:
      return `Entries from #${result.brokenAt} on may have been edited, removed or reordered.`;
  }
}

/** Props of {@link BrokenAlert}. */
interface BrokenAlertProps {
  children: ReactNode;
  "data-testid"?: string;
  "data-ok"?: string;
}

/** Red alert with a broken-shield icon: the chain is broken, or could not be checked. */
function BrokenAlert({ children, ...data }: BrokenAlertProps) {
  return (
    <div
      role="alert"
      {...data}
      className="flex items-start gap-2 rounded-xl border border-red-600/25 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-400/30 dark:bg-red-400/10 dark:text-red-200"
    >
      <ShieldAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
      {children}
    </div>
  );
}

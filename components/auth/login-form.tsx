"use client";

import { useQueryClient } from "@tanstack/react-query";
import { CircleAlert, KeyRound, LoaderCircle } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { ApiRequestError } from "@/components/api/api-client";
import { signIn, type MeResponse } from "@/components/api/auth-api";
import { authKeys, useMe } from "@/components/api/auth-queries";
import { buttonClass, inputClass, linkClass } from "@/components/ui/classes";

/** Props of {@link LoginForm}. */
export interface LoginFormProps {
  /** Where to go after signing in: already checked to be a same-origin path. */
  next: string;
}

/** What the person should read for a failed sign-in. */
export function signInErrorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) {
    if (error.status === 401) return "That key is not valid or has been revoked.";
    if (error.status === 403)
      return "That key cannot sign in to the dashboard (it needs the read, admin or auditor scope).";
    if (error.status === 429) {
      return error.retryAfterSeconds
        ? `Too many attempts; try again in ${error.retryAfterSeconds} s.`
        : "Too many attempts; try again shortly.";
    }
    if (error.status === 0) return "Could not reach the Runwatch server. Is it running?";
    return error.message;
  }
  return "Signing in failed unexpectedly. Try again.";
}

/**
 * The sign-in card's form: one password-type "API key" field exchanged for a
 * session cookie, errors in an alert region, then on to `next`.
 */
export function LoginForm({ next }: LoginFormProps) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { me } = useMe();
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const [key, setKey] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Bumped per failure so the same message is announced again.
  const [attempt, setAttempt] = useState(0);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const secret = key.trim();
    if (!secret) {
      setError("Enter an API key.");
      setAttempt((n) => n + 1);
      return;
    }
    setPending(true);
    setError(null);
    try {
      const session = await signIn(secret);
      // Nothing cached before signing in belongs to this principal.
      queryClient.removeQueries();
      queryClient.setQueryData<MeResponse>(authKeys.me, {
        auth: me?.auth ?? "on",
        authenticated: true,
        principal: session.principal,
        expiresAt: session.expiresAt,
      });
      setKey("");
      router.replace(next);
    } catch (cause) {
      setPending(false);
      setError(signInErrorMessage(cause));
      setAttempt((n) => n + 1);
    }
  };

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="space-y-4">
      {me?.principal && (
        <p className="rounded-lg border border-border bg-surface-muted px-3 py-2 text-sm text-muted">
          You are already signed in as{" "}
          <span className="font-medium text-foreground">{me.principal.name}</span>.{" "}
          <Link href={next} className={linkClass}>
            Continue
          </Link>
        </p>
      )}
      <div>
        <label htmlFor={inputId} className="mb-1.5 block text-sm font-medium">
          API key
        </label>
        <div className="relative">
          <KeyRound
            aria-hidden
            className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted"
          />
          <input
            id={inputId}
            name="key"
            type="password"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            autoFocus
            placeholder="rw_…"
            value={key}
            onChange={(event) => setKey(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${errorId} ${hintId}` : hintId}
            className={`${inputClass} h-9 pl-8 font-mono`}
          />
        </div>
      </div>

      {error && (
        <div
          key={attempt}
          id={errorId}
          role="alert"
          data-testid="login-error"
          className="flex items-start gap-2 rounded-lg border border-red-600/25 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-400/30 dark:bg-red-400/10 dark:text-red-200"
        >
          <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
          <span>{error}</span>
        </div>
      )}

      <button type="submit" disabled={pending} className={`${buttonClass.primary} h-9 w-full`}>
        {pending && <LoaderCircle aria-hidden className="size-4 animate-spin" />}
        {pending ? "Signing in…" : "Sign in"}
      </button>

      <p id={hintId} className="text-xs leading-relaxed text-muted">
        Use the admin key printed when Runwatch first started (also kept in{" "}
        <code className="rounded bg-surface-muted px-1 py-px font-mono text-[11px] text-foreground">
          data/first-admin-key
        </code>{" "}
        on the server), or create one with{" "}
        <code className="break-words rounded bg-surface-muted px-1 py-px font-mono text-[11px] text-foreground">
          npm run runwatch -- keys create --name me --scope read
        </code>
        .
      </p>
    </form>
  );
}

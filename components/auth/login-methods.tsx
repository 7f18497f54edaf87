"use client";

import { useQuery } from "@tanstack/react-query";
import { CircleAlert, LogIn } from "lucide-react";
import { providersQuery, ssoRefusalMessage, ssoStartHref } from "@/components/api/sso-api";
import { buttonClass } from "@/components/ui/classes";
import { LoginForm } from "./login-form";

/** Props of {@link LoginMethods}. */
export interface LoginMethodsProps {
  /** Where to go after signing in: already checked to be a same-origin path. */
  next: string;
  /** `?sso=` of the login URL: why single sign-on was refused (`denied`, `failed`), or null. */
  refusal: string | null;
}

/**
 * The sign-in card: "Sign in with <provider>" when single sign-on is set up, the refusal that
 * brought the user back (if any), and the API-key form unless `RUNWATCH_KEY_SIGNIN=off`.
 */
export function LoginMethods({ next, refusal }: LoginMethodsProps) {
  const providers = useQuery(providersQuery());
  const message = ssoRefusalMessage(refusal);
  const sso = providers.data?.sso ?? null;
  // Until the answer comes (or if it fails), the key form shows: break-glass must not depend on it.
  const keySignin = providers.data?.keySignin ?? true;
  return (
    <div className="space-y-4">
      {message && (
        <div
          role="alert"
          data-testid="sso-refusal"
          className="flex items-start gap-2 rounded-lg border border-red-600/25 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-400/30 dark:bg-red-400/10 dark:text-red-200"
        >
          <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
          <span>{message}</span>
        </div>
      )}
      {sso && (
        <a
          href={ssoStartHref(sso.start, next)}
          data-testid="sso-sign-in"
          className={`${buttonClass.primary} h-9 w-full`}
        >
          <LogIn aria-hidden className="size-4" />
          {`Sign in with ${sso.name}`}
        </a>
      )}
      {sso && keySignin && (
        <div className="flex items-center gap-3 text-xs text-muted" aria-hidden>
          <span className="h-px flex-1 bg-border" />
          or with an API key
          <span className="h-px flex-1 bg-border" />
        </div>
      )}
      {keySignin && <LoginForm next={next} />}
    </div>
  );
}

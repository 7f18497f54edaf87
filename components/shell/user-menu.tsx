"use client";

import { useQueryClient } from "@tanstack/react-query";
import { KeyRound, LogIn, LogOut, UserRound } from "lucide-react";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import type { Scope } from "@/lib/auth";
import { describeError } from "@/components/ui/query-state";
import { signOutEverywhere } from "@/components/api/sso-api";
import { ScopeBadge } from "@/components/auth/auth-badges";
import { authKeys, useMe } from "@/components/api/auth-queries";
import { formatDateTime } from "@/components/common/format";
import { SIGN_IN_PATH, signInHref } from "@/components/auth/sign-in-path";
import { useSocket } from "@/components/live/socket-provider";
import { buttonClass } from "@/components/ui/classes";

/** The strongest scope, shown as the one badge in the header. */
const headlineScope = (scopes: readonly Scope[]): Scope =>
  scopes.includes("admin")
    ? "admin"
    : scopes.includes("read")
      ? "read"
      : scopes.includes("auditor")
        ? "auditor"
        : "ingest";

/** Props of {@link UserMenu}. */
export interface UserMenuProps {
  /** The phone menu's look: the name always shown and 40 px tall buttons. */
  large?: boolean;
}

/**
 * Header block: who is signed in (key name + scope badge, `data-testid="signed-in-as"`)
 * and a "Sign out" button; a "Sign in" link when auth is off and nobody is signed in.
 */
export function UserMenu({ large = false }: UserMenuProps) {
  const size = large ? "h-10 px-3 text-sm" : "h-7 px-2 text-xs";
  const { me } = useMe();
  const { status } = useSocket();
  const queryClient = useQueryClient();
  const pathname = usePathname();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A refused live connection means the session ended elsewhere; let the header catch up.
  useEffect(() => {
    if (status === "signed-out") void queryClient.invalidateQueries({ queryKey: authKeys.me });
  }, [status, queryClient]);

  if (!me) return null;

  if (!me.principal) {
    // With auth on the server redirects signed-out page loads, and the connection indicator offers sign-in.
    if (me.auth === "on" || status === "signed-out") return null;
    return (
      <a href={signInHref(pathname)} className={`${buttonClass.secondary} ${size}`}>
        <LogIn aria-hidden className="size-3.5" />
        Sign in
      </a>
    );
  }

  const { name, scopes, user, teams } = me.principal;
  const onSignOut = async () => {
    setPending(true);
    setError(null);
    try {
      // A single sign-on session also ends at the provider (RP-initiated logout) when it offers that.
      const providerLogout = await signOutEverywhere();
      // A full navigation drops every cached answer and the live connection of this principal.
      window.location.replace(providerLogout ?? SIGN_IN_PATH);
    } catch (cause) {
      setPending(false);
      setError(describeError(cause));
    }
  };

  const detail = [
    user
      ? `Signed in with single sign-on as ${user.name} (role ${user.role})`
      : `Signed in with the key "${name}" (${scopes.join(", ")})`,
    teams && teams.length > 0 ? `teams: ${teams.join(", ")}` : null,
    me.expiresAt ? `session ends ${formatDateTime(me.expiresAt)}` : null,
  ]
    .filter(Boolean)
    .join("; ");

  return (
    <div className="flex min-w-0 items-center gap-1.5">
      <span
        data-testid="signed-in-as"
        title={detail}
        className={`inline-flex min-w-0 items-center gap-1.5 rounded-full border border-border bg-surface py-0.5 pl-2 pr-0.5 text-xs font-medium ${large ? "" : "max-md:sr-only"}`}
      >
        {user ? (
          <UserRound aria-hidden className="size-3.5 shrink-0 text-muted" />
        ) : (
          <KeyRound aria-hidden className="size-3.5 shrink-0 text-muted" />
        )}
        <span className="sr-only">Signed in as </span>
        <span className="max-w-[10rem] truncate">{name}</span>
        <span className="sr-only">, scope </span>
        <ScopeBadge scope={headlineScope(scopes)} />
      </span>
      <button
        type="button"
        onClick={() => void onSignOut()}
        disabled={pending}
        aria-describedby={error ? "sign-out-error" : undefined}
        title="Sign out"
        className={`${buttonClass.ghost} ${size}`}
      >
        <LogOut aria-hidden className="size-3.5" />
        <span className={large ? "" : "max-sm:sr-only"}>{pending ? "Signing out…" : "Sign out"}</span>
      </button>
      {error && (
        <span id="sign-out-error" role="alert" className="sr-only">
          {`Could not sign out: ${error}`}
        </span>
      )}
    </div>
  );
}

import { CircleCheck, CircleSlash, Clock } from "lucide-react";
import type { AuditAction, Scope } from "@/lib/auth";

const pill =
  "inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

/** Badge colours by tone, for light and dark (the status badges' palette). */
const TONES = {
  red: "bg-red-50 text-red-800 ring-red-600/25 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/30",
  amber:
    "bg-amber-50 text-amber-800 ring-amber-600/25 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/25",
  emerald:
    "bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/25",
  violet:
    "bg-violet-50 text-violet-800 ring-violet-600/25 dark:bg-violet-400/10 dark:text-violet-300 dark:ring-violet-400/25",
  sky: "bg-sky-50 text-sky-800 ring-sky-600/25 dark:bg-sky-400/10 dark:text-sky-300 dark:ring-sky-400/25",
  zinc: "bg-zinc-100 text-zinc-700 ring-zinc-500/25 dark:bg-zinc-400/10 dark:text-zinc-300 dark:ring-zinc-400/25",
} as const;

type Tone = keyof typeof TONES;

const SCOPE_TONES: Record<Scope, Tone> = {
  ingest: "amber",
  read: "sky",
  admin: "violet",
  auditor: "emerald",
};

/** Props of {@link ScopeBadge}. */
export interface ScopeBadgeProps {
  scope: Scope;
}

/** One scope as a small coloured pill; the scope name is always the text. */
export function ScopeBadge({ scope }: ScopeBadgeProps) {
  return <span className={`${pill} font-mono text-[11px] ${TONES[SCOPE_TONES[scope]]}`}>{scope}</span>;
}

/** Props of {@link ScopeBadges}. */
export interface ScopeBadgesProps {
  scopes: readonly Scope[];
}

/** A key's scopes as a list of {@link ScopeBadge}s. */
export function ScopeBadges({ scopes }: ScopeBadgesProps) {
  return (
    <ul aria-label="Scopes" className="flex flex-wrap gap-1">
      {scopes.map((scope) => (
        <li key={scope}>
          <ScopeBadge scope={scope} />
        </li>
      ))}
    </ul>
  );
}

const ACTION_TONES: Partial<Record<AuditAction, Tone>> = {
  "auth.signin.success": "emerald",
  "auth.signin.failure": "red",
  "webhook.signature_failed": "red",
  "ratelimit.tripped": "amber",
  "key.revoked": "amber",
  "session.revoked": "amber",
  "retention.purged": "amber",
  "key.created": "violet",
  "key.first_use": "sky",
};

/** Tone of an audit action: failures red, removals amber, creations violet, other changes sky. */
function actionTone(action: string): Tone {
  const known = ACTION_TONES[action as AuditAction];
  if (known) return known;
  if (action.endsWith(".deleted")) return "amber";
  if (action.endsWith(".created") || action.endsWith(".updated") || action.endsWith(".changed")) return "sky";
  return "zinc";
}

/** Props of {@link ActionBadge}. */
export interface ActionBadgeProps {
  action: string;
}

/** An audit action as a monospace pill, coloured by what kind of event it is. */
export function ActionBadge({ action }: ActionBadgeProps) {
  return <span className={`${pill} font-mono text-[11px] ${TONES[actionTone(action)]}`}>{action}</span>;
}

/** Lifecycle of a credential: usable, revoked by someone, or past its expiry. */
export type CredentialState = "active" | "revoked" | "expired";

const STATE_STYLES: Record<CredentialState, { label: string; tone: Tone; icon: typeof CircleCheck }> = {
  active: { label: "Active", tone: "emerald", icon: CircleCheck },
  revoked: { label: "Revoked", tone: "zinc", icon: CircleSlash },
  expired: { label: "Expired", tone: "zinc", icon: Clock },
};

/** Props of {@link CredentialStateBadge}. */
export interface CredentialStateBadgeProps {
  state: CredentialState;
}

/** Active / revoked / expired, with an icon and its name. */
export function CredentialStateBadge({ state }: CredentialStateBadgeProps) {
  const style = STATE_STYLES[state];
  const Icon = style.icon;
  return (
    <span className={`${pill} ${TONES[style.tone]}`}>
      <Icon aria-hidden className="size-3.5 shrink-0" />
      {style.label}
    </span>
  );
}

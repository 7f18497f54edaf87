import {
  Ban,
  CircleCheck,
  CircleDashed,
  CircleMinus,
  CircleX,
  Clock,
  Hourglass,
  LoaderCircle,
  SkipForward,
  TimerOff,
  type LucideIcon,
} from "lucide-react";
import type { JobStatus } from "@/lib/job";

interface StatusStyle {
  label: string;
  icon: LucideIcon;
  /** Badge colours: text + background + ring, for light and dark. */
  badge: string;
  /** Icon colour alone (step lists). */
  tone: string;
  spin?: boolean;
}

/** Label, icon and colours of each status; colour is never the only signal. */
export const STATUS_STYLES: Record<JobStatus, StatusStyle> = {
  queued: {
    label: "Queued",
    icon: Clock,
    badge:
      "bg-amber-50 text-amber-800 ring-amber-600/25 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/25",
    tone: "text-amber-600 dark:text-amber-400",
  },
  waiting: {
    label: "Waiting",
    icon: Hourglass,
    badge:
      "bg-violet-50 text-violet-800 ring-violet-600/25 dark:bg-violet-400/10 dark:text-violet-300 dark:ring-violet-400/25",
    tone: "text-violet-600 dark:text-violet-400",
  },
  running: {
    label: "Running",
    icon: LoaderCircle,
    badge: "bg-sky-50 text-sky-800 ring-sky-600/25 dark:bg-sky-400/10 dark:text-sky-300 dark:ring-sky-400/25",
    tone: "text-sky-600 dark:text-sky-400",
    spin: true,
  },
  success: {
    label: "Success",
    icon: CircleCheck,
    badge:
      "bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/25",
    tone: "text-emerald-600 dark:text-emerald-400",
  },
  failure: {
    label: "Failure",
    icon: CircleX,
    badge: "bg-red-50 text-red-800 ring-red-600/25 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/30",
    tone: "text-red-600 dark:text-red-400",
  },
  cancelled: {
    label: "Cancelled",
    icon: Ban,
    badge:
      "bg-zinc-100 text-zinc-700 ring-zinc-500/25 dark:bg-zinc-400/10 dark:text-zinc-300 dark:ring-zinc-400/25",
    tone: "text-zinc-500 dark:text-zinc-400",
  },
  skipped: {
    label: "Skipped",
    icon: CircleDashed,
    badge:
      "bg-slate-50 text-slate-600 ring-slate-500/20 dark:bg-slate-400/10 dark:text-slate-300 dark:ring-slate-400/20",
    tone: "text-slate-400 dark:text-slate-500",
  },
  timed_out: {
    label: "Timed out",
    icon: TimerOff,
    badge:
      "bg-orange-50 text-orange-800 ring-orange-600/25 dark:bg-orange-400/10 dark:text-orange-300 dark:ring-orange-400/25",
    tone: "text-orange-600 dark:text-orange-400",
  },
  neutral: {
    label: "Neutral",
    icon: CircleMinus,
    badge:
      "bg-stone-100 text-stone-700 ring-stone-500/25 dark:bg-stone-400/10 dark:text-stone-300 dark:ring-stone-400/25",
    tone: "text-stone-500 dark:text-stone-400",
  },
};

/** How a cancelled job a newer run superseded reads: a cancellation nobody has to look at. */
export const SUPERSEDED_STYLE: StatusStyle = {
  label: "Superseded",
  icon: SkipForward,
  badge:
    "bg-zinc-100 text-zinc-700 ring-zinc-500/25 dark:bg-zinc-400/10 dark:text-zinc-300 dark:ring-zinc-400/25",
  tone: "text-zinc-500 dark:text-zinc-400",
};

/** The style of a status, `superseded` (a cancelled job or run a newer one replaced) read as its own. */
export function statusStyle(status: JobStatus, superseded?: boolean): StatusStyle {
  return status === "cancelled" && superseded ? SUPERSEDED_STYLE : STATUS_STYLES[status];
}

/** Props of {@link StatusBadge}. */
export interface StatusBadgeProps {
  status: JobStatus;
  /** A cancelled job or run a newer push superseded: shown as "Superseded". */
  superseded?: boolean | undefined;
  className?: string;
  /** Below the `sm` breakpoint show only the icon (the name stays for assistive tech and as a tooltip). */
  compact?: boolean;
}

/** A job status as a coloured pill with an icon and its name (running spins). */
export function StatusBadge({ status, superseded, className = "", compact = false }: StatusBadgeProps) {
  const style = statusStyle(status, superseded);
  const Icon = style.icon;
  return (
    <span
      title={compact ? style.label : undefined}
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full py-0.5 text-xs font-medium ring-1 ring-inset ${compact ? "px-1 sm:px-2" : "px-2"} ${style.badge} ${className}`}
    >
      <Icon aria-hidden className={`size-3.5 shrink-0 ${style.spin ? "animate-spin" : ""}`} />
      <span className={compact ? "max-sm:sr-only" : undefined}>{style.label}</span>
    </span>
  );
}

/** Props of {@link StatusIcon}. */
export interface StatusIconProps {
  status: JobStatus;
  className?: string;
}

/** Just the status icon, with the status name for assistive tech. */
export function StatusIcon({ status, className = "size-4" }: StatusIconProps) {
  const style = STATUS_STYLES[status];
  const Icon = style.icon;
  return (
    <Icon
      role="img"
      aria-label={style.label}
      className={`shrink-0 ${style.tone} ${style.spin ? "animate-spin" : ""} ${className}`}
    />
  );
}

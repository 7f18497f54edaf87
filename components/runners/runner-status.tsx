import { CirclePause, LoaderCircle, Unplug, type LucideIcon } from "lucide-react";
import type { RunnerStatus } from "@/lib/runner";

interface RunnerStatusStyle {
  label: string;
  icon: LucideIcon;
  /** Badge colours: text + background + ring, for light and dark. */
  badge: string;
  /** A dot's fill (pool headers). */
  dot: string;
  spin?: boolean;
}

/** Label, icon and colours of each runner status; colour is never the only signal. */
export const RUNNER_STATUS_STYLES: Record<RunnerStatus, RunnerStatusStyle> = {
  busy: {
    label: "Busy",
    icon: LoaderCircle,
    badge: "bg-sky-50 text-sky-800 ring-sky-600/25 dark:bg-sky-400/10 dark:text-sky-300 dark:ring-sky-400/25",
    dot: "bg-sky-500",
    spin: true,
  },
  idle: {
    label: "Idle",
    icon: CirclePause,
    badge:
      "bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/25",
    dot: "bg-emerald-500",
  },
  offline: {
    label: "Offline",
    icon: Unplug,
    badge:
      "bg-zinc-100 text-zinc-700 ring-zinc-500/25 dark:bg-zinc-400/10 dark:text-zinc-300 dark:ring-zinc-400/25",
    dot: "bg-zinc-400",
  },
};

/** Props of {@link RunnerStatusBadge}. */
export interface RunnerStatusBadgeProps {
  status: RunnerStatus;
}

/** A runner's status as a coloured pill with an icon and its name (busy spins). */
export function RunnerStatusBadge({ status }: RunnerStatusBadgeProps) {
  const style = RUNNER_STATUS_STYLES[status];
  const Icon = style.icon;
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.badge}`}
    >
      <Icon aria-hidden className={`size-3.5 shrink-0 ${style.spin ? "animate-spin" : ""}`} />
      {style.label}
    </span>
  );
}

import { CircleAlert, CircleCheck, CircleX } from "lucide-react";
import type { ControlStatus } from "@/lib/evidence";

const LOOK: Record<ControlStatus, { label: string; className: string; Icon: typeof CircleCheck }> = {
  pass: {
    label: "Pass",
    Icon: CircleCheck,
    className:
      "bg-emerald-50 text-emerald-800 ring-emerald-600/25 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/25",
  },
  attention: {
    label: "Attention",
    Icon: CircleAlert,
    className:
      "bg-amber-50 text-amber-800 ring-amber-600/25 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/25",
  },
  fail: {
    label: "Fail",
    Icon: CircleX,
    className:
      "bg-red-50 text-red-800 ring-red-600/25 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/30",
  },
};

/** Props of {@link ControlStatusBadge}. */
export interface ControlStatusBadgeProps {
  status: ControlStatus;
}

/** A control's or section's status as a pill: icon, word and colour (the word is always there). */
export function ControlStatusBadge({ status }: ControlStatusBadgeProps) {
  const { label, className, Icon } = LOOK[status];
  return (
    <span
      data-status={status}
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${className}`}
    >
      <Icon aria-hidden className="size-3.5" />
      {label}
    </span>
  );
}

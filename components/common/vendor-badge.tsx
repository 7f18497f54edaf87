import type { JobSource } from "@/lib/job";
import { VENDOR_NAMES, VendorIcon } from "./vendor-icons";

/** Props of {@link VendorBadge}. */
export interface VendorBadgeProps {
  source: JobSource;
  /** Extra classes of the wrapper. */
  className?: string;
  /** Type size and colour of the name; small and muted unless set. */
  textClass?: string;
}

/**
 * A CI vendor as its icon and name, used wherever a run, runner or source says
 * where it came from. (Dense job rows use {@link VendorIcon} alone: it carries the name for assistive tech.)
 */
export function VendorBadge({
  source,
  className = "",
  textClass = "text-xs font-medium text-muted",
}: VendorBadgeProps) {
  return (
    <span
      data-source={source}
      className={`inline-flex items-center gap-1 whitespace-nowrap ${textClass} ${className}`}
    >
      <VendorIcon source={source} className="size-3.5" decorative />
      {VENDOR_NAMES[source]}
    </span>
  );
}

import { Webhook } from "lucide-react";
import type { ReactNode } from "react";
import type { JobSource } from "@/lib/job";

/** Display names of the CI vendors, as the dashboard shows them next to their icons. */
export const VENDOR_NAMES: Record<JobSource, string> = {
  github: "GitHub",
  gitlab: "GitLab",
  buildkite: "Buildkite",
  jenkins: "Jenkins",
  generic: "Generic",
};

/** Props of {@link VendorIcon}. */
export interface VendorIconProps {
  source: JobSource;
  className?: string;
  /**
   * Hide the icon from assistive tech, for when the vendor's name is already
   * written next to it. Otherwise the icon is an image named after the vendor.
   */
  decorative?: boolean;
}

/**
 * A small inline mark for each CI vendor (no remote assets). These are simple
 * drawings that evoke each vendor, not their trademarked logos.
 */
export function VendorIcon({ source, className = "size-4", decorative = false }: VendorIconProps) {
  const a11y = decorative
    ? ({ "aria-hidden": true } as const)
    : ({ role: "img", "aria-label": VENDOR_NAMES[source] } as const);
  const classes = `shrink-0 ${className}`;
  if (source === "generic") {
    return <Webhook {...a11y} className={`${classes} text-violet-600 dark:text-violet-400`} />;
  }
  return (
    <svg viewBox="0 0 24 24" {...a11y} className={classes} focusable="false">
      {MARKS[source]}
    </svg>
  );
}

const MARKS: Record<Exclude<JobSource, "generic">, ReactNode> = {
  // A cat's head and neck cut out of a disc; the disc follows the text colour so it reads in both themes.
  github: (
    <path
      className="fill-zinc-900 dark:fill-zinc-100"
      fillRule="evenodd"
      d="M12 1a11 11 0 1 1 0 22 11 11 0 0 1 0-22Zm0 5.4c-1.4-.1-2.2.3-2.2.3L7.8 5l-.4 3.2c-1.1 1.4-.8 3.4-.8 3.4.4 3 3.5 3.6 3.5 3.6v5.6c1.3.4 2.5.4 3.8 0v-5.6s3.1-.6 3.5-3.6c0 0 .3-2-.8-3.4L16.2 5l-2 1.7s-.8-.4-2.2-.3Z"
    />
  ),
  // A three-band tanuki crown.
  gitlab: (
    <>
      <path fill="#FC6D26" d="m12 21.6-9.7-7.3 2.3-10.6 3 7.6h8.8l3-7.6 2.3 10.6Z" />
      <path fill="#E24329" d="m12 21.6-4.4-10.3h8.8Z" />
      <path fill="#FCA326" d="m2.3 14.3 5.3-3 4.4 10.3Zm19.4 0-5.3-3L12 21.6Z" />
    </>
  ),
  // A folded kite.
  buildkite: (
    <>
      <path fill="#14CC80" d="M2.5 5.5 11 9.6v9L2.5 14.4Z" />
      <path fill="#0E9F63" d="M11 9.6 21.5 4.5v9.1L11 18.6Z" />
      <path fill="#30E397" d="m2.5 5.5 8-3.9 11 2.9L11 9.6Z" />
    </>
  ),
  // A butler: face, hair and a red bow tie.
  jenkins: (
    <>
      <circle cx="12" cy="9.5" r="7.2" fill="#F0D6B7" stroke="#335061" strokeWidth="1.4" />
      <path
        fill="#335061"
        d="M4.9 8.6C5.3 4.8 8.3 2.3 12 2.3s6.7 2.5 7.1 6.3c-1.6-1.9-4-2.7-7.1-2.7S6.5 6.7 4.9 8.6Z"
      />
      <circle cx="9.5" cy="10" r="0.9" fill="#335061" />
      <circle cx="14.5" cy="10" r="0.9" fill="#335061" />
      <path fill="#D33833" d="m7.5 17.8 4.5 2.2-4.5 2.2Zm9 0L12 20l4.5 2.2Z" />
    </>
  ),
};

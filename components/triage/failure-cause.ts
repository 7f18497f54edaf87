/** How the dashboard names a failure cause, and a failure group's key. */
import { FAILURE_CAUSE_LABELS, isFailureCause } from "@/lib/failure-causes";
import { humanize } from "@/components/common/format";

/** A cause code as a person reads it: Runwatch's own codes by their label, any other humanised. */
export function causeLabel(cause: string): string {
  return isFailureCause(cause) ? FAILURE_CAUSE_LABELS[cause] : humanize(cause);
}

/** What to call each key of a `category` failure group. */
const CATEGORY_LABELS: Record<string, string> = {
  infrastructure: "Infrastructure (runner, network, CI system)",
  code: "Code (tests, build, lint)",
  undetermined: "Undetermined",
};

/** A `category` group's key as a person reads it. */
export function categoryLabel(key: string): string {
  return CATEGORY_LABELS[key] ?? humanize(key);
}

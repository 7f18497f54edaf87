/** How the dashboard names a failure cause, and a failure group's key. */
import { FAILURE_CAUSE_LABELS, isFailureCause } from "@/lib/failure-causes";
import { humanize } from "@/components/common/format";

/** A cause code as a person reads it: Runwatch's own codes by their label, any other humanised. */
export function causeLabel(cause: string): string {
  return isFailureCause(cause) ? FAILURE_CAUSE_LABELS[cause] : humanize(cause);
}

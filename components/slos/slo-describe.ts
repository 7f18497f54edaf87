import type { SloObjective, SloStatus } from "@/lib/slo";

/** One line saying what the objective asks, e.g. `95% of k8s jobs start within 60 s`. */
export function describeObjective(objective: SloObjective, target: number): string {
  switch (objective.kind) {
    case "queue_time_p95":
      return `${target}% of jobs on pool ${objective.pool} start within ${objective.maxSeconds} s`;
    case "success_rate":
      return `${target}% of default-branch runs${objective.repo ? ` of ${objective.repo}` : ""} succeed`;
    case "time_to_green":
      return `${target}% of default-branch breaks${objective.repo ? ` of ${objective.repo}` : ""} fixed within ${objective.maxMinutes} min`;
    case "webhook_ack_p99":
      return `${target}% of webhook deliveries${objective.source ? ` from ${objective.source}` : ""} answered within ${objective.maxMs} ms`;
  }
}

/** How each state reads. */
export const STATE_LABELS: Record<SloStatus["state"], string> = {
  ok: "Within budget",
  slow_burn: "Slow burn (ticket)",
  fast_burn: "Fast burn (page)",
  no_data: "No events yet",
};

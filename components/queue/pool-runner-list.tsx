"use client";

import type { PoolRunner } from "@/lib/stall";
import { formatDateTime, formatDuration, msSince } from "@/components/common/format";
import { useNow } from "@/components/common/use-now";
import { RUNNER_STATUS_STYLES } from "@/components/runners/runner-status";

/** Props of {@link PoolRunnerList}. */
export interface PoolRunnerListProps {
  pool: string;
  runners: readonly PoolRunner[];
}

/** A pool's runners, each with its status and when it was last seen, folded away until asked for. */
export function PoolRunnerList({ pool, runners }: PoolRunnerListProps) {
  const now = useNow();
  if (runners.length === 0) return null;
  return (
    <details className="mx-4 mb-3 text-xs" data-testid="pool-runner-list">
      <summary className="cursor-pointer text-muted hover:text-foreground">
        {`Runners of ${pool} (${runners.length})`}
      </summary>
      <ul className="mt-1.5 space-y-1">
        {runners.map((r) => (
          <li key={r.name} data-testid="pool-runner" className="flex items-center gap-2">
            <span
              aria-hidden
              className={`size-2 shrink-0 rounded-full ${RUNNER_STATUS_STYLES[r.status].dot}`}
            />
            <span className="min-w-0 truncate font-mono text-foreground">{r.name}</span>
            <span className="text-muted">{r.status}</span>
            <time dateTime={r.lastSeenAt} title={formatDateTime(r.lastSeenAt)} className="ml-auto text-muted">
              {now === 0
                ? formatDateTime(r.lastSeenAt)
                : `seen ${formatDuration(msSince(r.lastSeenAt, now))} ago`}
            </time>
          </li>
        ))}
      </ul>
    </details>
  );
}

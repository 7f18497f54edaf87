"use client";

import { useQuery } from "@tanstack/react-query";
import { queueQuery } from "@/components/api/metrics-queries";
import { inputClass } from "@/components/ui/classes";

/** The URL parameter the picked pool is kept in (Queue and Insights). */
export const DEPTH_POOL_PARAM = "pool";

/** Props of {@link QueueDepthPoolPicker}. */
export interface QueueDepthPoolPickerProps {
  /** The metric window: the pools offered are those `GET /metrics/queue` knows in it. */
  window: string;
  /** The picked pool; empty for every pool summed. */
  value: string;
  onChange: (pool: string) => void;
}

/**
 * Picks the pool the queue depth chart shows: every pool (summed) or one of
 * the pools the Queue metrics know. A pool picked earlier (from the URL) stays
 * offered even once it has gone quiet, so the page never silently drops it.
 */
export function QueueDepthPoolPicker({ window, value, onChange }: QueueDepthPoolPickerProps) {
  const queue = useQuery(queueQuery({ window }));
  const pools = [
    ...new Set([...(queue.data?.pools.map((p) => p.pool) ?? []), ...(value ? [value] : [])]),
  ].sort((a, b) => a.localeCompare(b));
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="queue-depth-pool" className="text-xs font-medium text-muted">
        Pool
      </label>
      <select
        id="queue-depth-pool"
        data-testid="queue-depth-pool"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className={`${inputClass} w-48`}
      >
        <option value="">Every pool</option>
        {pools.map((pool) => (
          <option key={pool} value={pool}>
            {pool}
          </option>
        ))}
      </select>
    </div>
  );
}

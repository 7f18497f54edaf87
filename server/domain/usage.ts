/**
 * Usage figures and costs, pure: from per-pool, per-repository minutes and
 * the prices per runner type, the `GET /api/v1/usage` answer.
 */
import type { JobSource } from "../../lib/job";
import type { RunnerKind } from "../../lib/runner";
import type { UsageFigures, UsageItem, UsageResponse } from "../../lib/usage";

/** Minutes of one source, pool and repository, as the store sums them. */
export interface UsageInput {
  source: string;
  pool: string;
  repo: string;
  hosted: boolean;
  jobs: number;
  durationMs: number;
  minutes: number;
}

/**
 * The price per minute of a pool: the price of the pool's name, else of the
 * first of its labels (`ubuntu-latest`, `queue=macos`) that has one, in the
 * order the pool names them; null when none does.
 */
export function priceOf(pool: string, prices: ReadonlyMap<string, number>): number | null {
  const exact = prices.get(pool);
  if (exact !== undefined) return exact;
  for (const label of pool.split(", ")) {
    const price = prices.get(label);
    if (price !== undefined) return price;
  }
  return null;
}

/** Cost rounded to a hundredth of a cent, so sums print as they add up. */
const money = (value: number) => Math.round(value * 10_000) / 10_000;

const empty = (): UsageFigures => ({ jobs: 0, minutes: 0, durationMs: 0, cost: null });

function addTo(into: UsageFigures, item: UsageFigures): void {
  into.jobs += item.jobs;
  into.minutes += item.minutes;
  into.durationMs += item.durationMs;
  if (item.cost !== null) into.cost = money((into.cost ?? 0) + item.cost);
}

/** Options of {@link usageAnswer}. */
export interface UsageAnswerOptions {
  window: string;
  from: number;
  to: number;
  /** The kind of each pool (set, or hosted as its jobs ran). */
  kindOf: (pool: string, hosted: boolean) => RunnerKind;
  prices: ReadonlyMap<string, number>;
  /** Keep only hosted pools (the default view: what a vendor bills). */
  hostedOnly: boolean;
}

/** The usage answer: items most minutes first, totals per pool, per repository and overall. */
export function usageAnswer(rows: readonly UsageInput[], options: UsageAnswerOptions): UsageResponse {
  const items: UsageItem[] = [];
  for (const row of rows) {
    const kind = options.kindOf(row.pool, row.hosted);
    if (options.hostedOnly && kind !== "hosted") continue;
    const pricePerMinute = priceOf(row.pool, options.prices);
    items.push({
      source: row.source as JobSource,
      pool: row.pool,
      repo: row.repo,
      kind,
      jobs: row.jobs,
      minutes: row.minutes,
      durationMs: row.durationMs,
      pricePerMinute,
      cost: pricePerMinute === null ? null : money(row.minutes * pricePerMinute),
    });
  }
  items.sort((a, b) => b.minutes - a.minutes || a.pool.localeCompare(b.pool) || a.repo.localeCompare(b.repo));
  const pools = new Map<string, UsageResponse["pools"][number]>();
  const repos = new Map<string, UsageResponse["repos"][number]>();
  const total = empty();
  for (const item of items) {
    const poolKey = `${item.source}\u0000${item.pool}`;
    let pool = pools.get(poolKey);
    if (!pool)
      pools.set(poolKey, (pool = { source: item.source, pool: item.pool, kind: item.kind, ...empty() }));
    let repo = repos.get(item.repo);
    if (!repo) repos.set(item.repo, (repo = { repo: item.repo, ...empty() }));
    addTo(pool, item);
    addTo(repo, item);
    addTo(total, item);
  }
  const byMinutes = <T extends UsageFigures>(list: T[]) => list.sort((a, b) => b.minutes - a.minutes);
  return {
    window: options.window,
    from: new Date(options.from).toISOString(),
    to: new Date(options.to).toISOString(),
    items,
    pools: byMinutes([...pools.values()]),
    repos: byMinutes([...repos.values()]),
    total,
  };
}

/**
 * Parses `RUNWATCH_RUNNER_PRICES`: comma-separated `runner type=price per minute`
 * pairs (`ubuntu-latest=0.008,macos-latest=0.08`); blank → none. Returns the
 * prices, or the first problem as text.
 */
export function parseRunnerPrices(text: string): { prices: Record<string, number> } | { error: string } {
  const prices: Record<string, number> = {};
  for (const part of text.split(",")) {
    if (part.trim() === "") continue;
    const at = part.lastIndexOf("=");
    const type = part.slice(0, at).trim();
    const price = Number(part.slice(at + 1).trim());
    if (at <= 0 || type === "" || part.slice(at + 1).trim() === "" || !Number.isFinite(price) || price < 0)
      return { error: `"${part.trim()}" is not <runner type>=<price per minute ≥ 0>` };
    prices[type] = price;
  }
  return { prices };
}

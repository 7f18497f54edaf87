/**
 * Timed calls. HTTP goes through Node's fetch, which keeps connections alive,
 * so after the warm-up every call reuses one socket; calls are sequential, so
 * each latency is one request's, not a queue's. An endpoint and its naive
 * baseline are timed in alternating rounds, so both see the same noise on a
 * shared machine.
 */

/** A non-2xx answer or a failed request: the benchmark stops on it. */
export class BenchError extends Error {
  override name = "BenchError";
}

/** One timed GET; resolves with its latency (ms) and body. @throws BenchError on a non-2xx answer */
export async function timedGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ ms: number; text: string }> {
  const started = performance.now();
  const response = await fetch(url, { headers });
  const text = await response.text();
  const ms = performance.now() - started;
  if (!response.ok) throw new BenchError(`GET ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return { ms, text };
}

/** Times one synchronous or asynchronous run, ms. */
export async function timedRun(run: () => unknown): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** How many samples to take and how long to spend, for one side of a comparison. */
export interface SamplePlan {
  /** Untimed calls first (stopped early after a quarter of the budget). */
  warmup: number;
  reps: number;
  budgetMs: number;
}

/**
 * Samples `sides` in alternating rounds (at most `maxRounds`, fewer when a
 * warm-up call shows a side is too slow for that many within its budget):
 * each side takes its share of `reps` per round, and stops early once its
 * share of the budget is spent (after at least one call per round). Resolves
 * with each side's samples.
 */
export async function sampleInterleaved(
  sides: { once: () => Promise<number>; plan: SamplePlan }[],
  maxRounds: number,
): Promise<number[][]> {
  let rounds = maxRounds;
  for (const { once, plan } of sides) {
    const warmUntil = performance.now() + plan.budgetMs / 4;
    let last = 0;
    for (let i = 0; i < plan.warmup && (i === 0 || performance.now() < warmUntil); i++) last = await once();
    if (last > 0) rounds = Math.min(rounds, Math.max(1, Math.floor(plan.budgetMs / last)));
  }
  const samples = sides.map(() => [] as number[]);
  const spent = sides.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    for (const [i, { once, plan }] of sides.entries()) {
      const want = Math.ceil((plan.reps * (round + 1)) / rounds);
      const allowance = (plan.budgetMs * (round + 1)) / rounds;
      const own = samples[i] as number[];
      let first = true;
      while (own.length < want && (first || (spent[i] ?? 0) < allowance)) {
        const ms = await once();
        own.push(ms);
        spent[i] = (spent[i] ?? 0) + ms;
        first = false;
      }
    }
  }
  return samples;
}

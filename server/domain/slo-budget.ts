/**
 * Error-budget arithmetic of an event-based SLO (Google SRE workbook, ch. 2
 * and 5). Pure: the counts come in, the figures go out.
 */
import { SLO_BURN_WINDOWS, type SloBurnWindow, type SloEventCount, type SloStatus } from "../../lib/slo";

/** Event counts over the budget window and each burn-rate window. */
export type SloWindowCounts = Record<"budget" | SloBurnWindow, SloEventCount>;

/** The windows counted, in ms back from now. */
export const SLO_COUNT_WINDOWS: Record<SloBurnWindow, number> = {
  "1h": SLO_BURN_WINDOWS.fast.longMs,
  "5m": SLO_BURN_WINDOWS.fast.shortMs,
  "6h": SLO_BURN_WINDOWS.slow.longMs,
  "30m": SLO_BURN_WINDOWS.slow.shortMs,
};

/**
 * The burn rate of one window: the share of bad events divided by the share
 * the target allows (`1 - target/100`). 1 spends the budget exactly over the
 * window; 14.4 over one hour spends 2 % of a 30-day budget. Null with no events.
 */
export function burnRate(count: SloEventCount, targetPercent: number): number | null {
  const events = count.good + count.bad;
  if (events === 0) return null;
  const allowedShare = 1 - targetPercent / 100;
  return count.bad / events / allowedShare;
}

/** The budget over the 28-day window. */
export function budgetOf(count: SloEventCount, targetPercent: number): SloStatus["budget"] {
  const events = count.good + count.bad;
  // Rounded to a millionth so 99 % of 1000 events allows 10, not 10.000000000000009.
  const allowedBad = Math.round(events * (1 - targetPercent / 100) * 1e6) / 1e6;
  const remainingPercent =
    events === 0
      ? null
      : allowedBad === 0
        ? count.bad === 0
          ? 100
          : -100
        : (100 * (allowedBad - count.bad)) / allowedBad;
  return {
    windowDays: 28,
    events,
    good: count.good,
    bad: count.bad,
    allowedBad,
    consumed: count.bad,
    remainingPercent: remainingPercent === null ? null : Math.round(remainingPercent * 100) / 100,
  };
}

/**
 * The multi-window verdict: `fast_burn` when both the 1 h and the 5 m burn
 * are at least 14.4, `slow_burn` when both the 6 h and the 30 m burn are at
 * least 6 (the short window makes the alert stop soon after the burn does),
 * `no_data` with no event in 28 days.
 */
export function burnState(
  burn: Record<SloBurnWindow, number | null>,
  budgetEvents: number,
): SloStatus["state"] {
  const atLeast = (value: number | null, rate: number) => value !== null && value >= rate;
  const { fast, slow } = SLO_BURN_WINDOWS;
  if (atLeast(burn["1h"], fast.rate) && atLeast(burn["5m"], fast.rate)) return "fast_burn";
  if (atLeast(burn["6h"], slow.rate) && atLeast(burn["30m"], slow.rate)) return "slow_burn";
  return budgetEvents === 0 ? "no_data" : "ok";
}

/** Burn rates of every window, the budget and the verdict, from the counts. */
export function judgeSlo(
  counts: SloWindowCounts,
  targetPercent: number,
): Pick<SloStatus, "budget" | "burn" | "state"> {
  const burn: Record<SloBurnWindow, number | null> = {
    "1h": round(burnRate(counts["1h"], targetPercent)),
    "5m": round(burnRate(counts["5m"], targetPercent)),
    "6h": round(burnRate(counts["6h"], targetPercent)),
    "30m": round(burnRate(counts["30m"], targetPercent)),
  };
  const budget = budgetOf(counts.budget, targetPercent);
  return { budget, burn, state: burnState(burn, budget.events) };
}

// Four decimals: enough to read 14.4 exactly, never 14.399999999999999.
const round = (value: number | null) => (value === null ? null : Math.round(value * 1e4) / 1e4);

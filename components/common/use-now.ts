"use client";

import { useSyncExternalStore } from "react";

/**
 * Shared clocks for every live value on the page: one interval per resolution
 * (not one per row), running only while something subscribes to it.
 */
interface Ticker {
  now: number;
  timer: ReturnType<typeof setInterval> | undefined;
  listeners: Set<() => void>;
  subscribe: (listener: () => void) => () => void;
  getSnapshot: () => number;
}

const tickers = new Map<number, Ticker>();

function tickerFor(intervalMs: number): Ticker {
  const existing = tickers.get(intervalMs);
  if (existing) return existing;
  const ticker: Ticker = {
    now: Date.now(),
    timer: undefined,
    listeners: new Set(),
    subscribe(listener) {
      ticker.listeners.add(listener);
      if (ticker.timer === undefined) {
        ticker.now = Date.now();
        ticker.timer = setInterval(() => {
          ticker.now = Date.now();
          for (const notify of ticker.listeners) notify();
        }, intervalMs);
      }
      return () => {
        ticker.listeners.delete(listener);
        if (ticker.listeners.size === 0 && ticker.timer !== undefined) {
          clearInterval(ticker.timer);
          ticker.timer = undefined;
        }
      };
    },
    getSnapshot: () => ticker.now,
  };
  tickers.set(intervalMs, ticker);
  return ticker;
}

// The server has no clock worth showing; live values render after hydration.
const getServerSnapshot = () => 0;

/**
 * Current time in ms, re-rendering the caller every `intervalMs` (default 1 s)
 * in step with every other caller of the same interval. `0` during server rendering.
 */
export function useNow(intervalMs = 1000): number {
  const ticker = tickerFor(intervalMs);
  return useSyncExternalStore(ticker.subscribe, ticker.getSnapshot, getServerSnapshot);
}

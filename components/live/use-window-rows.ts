"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";
import { rowWindow, type RowWindow } from "./row-window";

/** Options of {@link useWindowRows}. */
export interface WindowRowsOptions {
  /** Row height used until a row has been measured, px. */
  estimate: number;
  /** Rows rendered beyond each edge of the viewport. */
  overscan?: number;
  /** Rows rendered before the first measurement (server render, first paint). */
  initial?: number;
  /** Selector of one row inside the container, measured for the real row height. */
  rowSelector: string;
}

/** What {@link useWindowRows} returns. */
export interface WindowRows {
  /** Attach to the element that holds the rows (its top is the first row's top, give or take a header). */
  ref: RefObject<HTMLDivElement | null>;
  window: RowWindow;
}

const sameWindow = (a: RowWindow, b: RowWindow) =>
  a.start === b.start && a.end === b.end && a.padTop === b.padTop && a.padBottom === b.padBottom;

/**
 * Virtualises `count` rows of one fixed height inside a page that scrolls as a
 * whole: follows window scroll and resize (at most once per animation frame)
 * and re-measures when the count changes. Only a change of window re-renders,
 * so scrolling through thousands of rows renders a few dozen at a time.
 */
export function useWindowRows(
  count: number,
  { estimate, overscan = 8, initial = 40, rowSelector }: WindowRowsOptions,
): WindowRows {
  const ref = useRef<HTMLDivElement | null>(null);
  const rowHeight = useRef(estimate);
  const started = useRef(0);
  const [window_, setWindow] = useState<RowWindow>(() => {
    const end = Math.min(count, initial);
    return { start: 0, end, padTop: 0, padBottom: (count - end) * estimate };
  });

  const measure = useCallback(() => {
    const element = ref.current;
    if (!element) return;
    const row = element.querySelector<HTMLElement>(rowSelector);
    const rect = row?.getBoundingClientRect();
    if (rect && rect.height > 0) rowHeight.current = rect.height;
    // The first rendered row is row `start` (the spacer above stands in for the others), so row 0
    // sits `start` rows above it; with no row rendered, the container's top is close enough.
    const listTop = rect
      ? rect.top + window.scrollY - started.current * rowHeight.current
      : element.getBoundingClientRect().top + window.scrollY;
    const next = rowWindow({
      scrollY: window.scrollY,
      viewportHeight: window.innerHeight,
      listTop,
      rowHeight: rowHeight.current,
      count,
      overscan,
    });
    setWindow((current) => (sameWindow(current, next) ? current : next));
  }, [count, overscan, rowSelector]);

  // What the DOM shows now: read by the next measurement, which may come before this render's window.
  useLayoutEffect(() => {
    started.current = window_.start;
  }, [window_.start]);

  useEffect(() => {
    let frame = 0;
    const schedule = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        measure();
      });
    };
    measure();
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      window.removeEventListener("scroll", schedule);
      window.removeEventListener("resize", schedule);
    };
  }, [measure]);

  return { ref, window: window_ };
}

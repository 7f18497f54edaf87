/**
 * Windowing maths for a long list of fixed-height rows scrolled by the page
 * itself (window scroll, no nested scroller): which rows to render, and the
 * space the others take above and below them.
 */

/** Where the list is and how much of it the viewport shows. */
export interface RowWindowInput {
  /** `window.scrollY`. */
  scrollY: number;
  /** `window.innerHeight`. */
  viewportHeight: number;
  /** The first row's top, in document coordinates. */
  listTop: number;
  /** Height of every row, px (> 0). */
  rowHeight: number;
  /** Number of rows. */
  count: number;
  /** Rows rendered beyond each edge of the viewport, so fast scrolling shows no gap. */
  overscan: number;
}

/** Rows `[start, end)` are rendered; `padTop` / `padBottom` px stand in for the others. */
export interface RowWindow {
  start: number;
  end: number;
  padTop: number;
  padBottom: number;
}

/**
 * The rows intersecting the viewport, widened by `overscan` on each side and
 * clamped to the list. A list wholly above or below the viewport renders no
 * row; a non-positive `rowHeight` (not yet measured) renders every row.
 * Constant time, whatever the count.
 */
export function rowWindow({
  scrollY,
  viewportHeight,
  listTop,
  rowHeight,
  count,
  overscan,
}: RowWindowInput): RowWindow {
  if (count <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  if (!(rowHeight > 0)) return { start: 0, end: count, padTop: 0, padBottom: 0 };
  const above = scrollY - listTop;
  const first = Math.floor(above / rowHeight) - overscan;
  const last = Math.ceil((above + Math.max(0, viewportHeight)) / rowHeight) + overscan;
  const start = Math.min(count, Math.max(0, first));
  const end = Math.min(count, Math.max(start, last));
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}

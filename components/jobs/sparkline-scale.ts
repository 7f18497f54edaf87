/**
 * Pure scaling for a sparkline: values to points in a `width` × `height` box,
 * first value at the left, the smallest at the bottom and the largest at the top.
 */

/** One point of a sparkline, in SVG user units (y grows downwards), and the index of its value. */
export interface SparkPoint {
  x: number;
  y: number;
  index: number;
}

/**
 * Places `values` evenly across `width` (a lone value in the middle) and
 * scales them between `height - pad` (the minimum) and `pad` (the maximum);
 * equal values sit on the middle line. Null values (unknown, e.g. a job that
 * never ran) get no point, so the line skips them.
 */
export function sparkPoints(
  values: readonly (number | null)[],
  width: number,
  height: number,
  pad = 2,
): SparkPoint[] {
  const known = values.filter((value): value is number => value !== null);
  if (known.length === 0) return [];
  const min = Math.min(...known);
  const max = Math.max(...known);
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const span = height - 2 * pad;
  const points: SparkPoint[] = [];
  values.forEach((value, index) => {
    if (value === null) return;
    const x = values.length > 1 ? pad + index * step : width / 2;
    const y = max === min ? height / 2 : pad + ((max - value) / (max - min)) * span;
    points.push({ x: round(x), y: round(y), index });
  });
  return points;
}

/** Two decimals: enough for a screen, and stable text in the SVG. */
const round = (n: number) => Math.round(n * 100) / 100;

/** The SVG path of the points, as one line (`M x y L x y …`); empty for no points. */
export function sparkPath(points: readonly SparkPoint[]): string {
  return points.map((point, i) => `${i === 0 ? "M" : "L"}${point.x} ${point.y}`).join(" ");
}

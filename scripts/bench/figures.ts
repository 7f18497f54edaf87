/**
 * The live benchmark's figures: each measured value with its baseline, the
 * ratio to it, the target and the verdict ("met" / "not met" / "not
 * measured"), kept pure so the verdicts are unit-tested.
 */

/** The outcome of one figure against its target. */
export type Verdict = "met" | "not met" | "not measured" | "-";

/** A target: the value must be at most `max` and/or at least `min`. Neither: for the record. */
export interface Target {
  max?: number;
  min?: number;
}

/** One line of the figures table. */
export interface Figure {
  section: string;
  name: string;
  /** The measured value; null when not measured (`note` says why). */
  value: number | null;
  unit: string;
  /** The baseline measured in the same run, when the figure has one. */
  baseline: number | null;
  /** value ÷ baseline, when both exist. */
  ratio: number | null;
  /** The target, as printed (empty when none). */
  target: string;
  /** What the verdict applies to: the value or the ratio. */
  targetOf: "value" | "ratio";
  verdict: Verdict;
  note: string;
}

/** `value` against `target`: "not measured" when there is no value, "-" when there is no bound. */
export function verdictOf(value: number | null | undefined, target: Target): Verdict {
  if (target.max === undefined && target.min === undefined) return "-";
  if (value === null || value === undefined || !Number.isFinite(value)) return "not measured";
  if (target.max !== undefined && value > target.max) return "not met";
  if (target.min !== undefined && value < target.min) return "not met";
  return "met";
}

/** subject ÷ baseline; null when either is missing or the baseline is not positive. */
export function ratioOf(subject: number | null, baseline: number | null): number | null {
  if (subject === null || baseline === null || !(baseline > 0) || !Number.isFinite(subject)) return null;
  return subject / baseline;
}

/** The target as printed, e.g. "≤ 20 ms", "≥ 0.90×", "100 %". */
export function targetText(target: Target, unit: string): string {
  const sep = unit === "×" || unit === "%" ? "" : " ";
  const part = (op: string, v: number) => `${op} ${formatValue(v, unit)}${sep}${unit}`;
  if (target.min !== undefined && target.max !== undefined && target.min === target.max)
    return `= ${formatValue(target.min, unit)}${sep}${unit}`;
  return [
    target.min !== undefined ? part("≥", target.min) : "",
    target.max !== undefined ? part("≤", target.max) : "",
  ]
    .filter(Boolean)
    .join(", ");
}

/** A number as printed with its unit's precision. */
export function formatValue(value: number, unit: string): string {
  if (unit === "×") return value.toFixed(value < 0.1 ? 3 : 2);
  if (unit === "%") return value.toFixed(value === 100 ? 0 : 2);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString("en-US");
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** What a figure is made from. */
export interface FigureInput {
  section: string;
  name: string;
  value: number | null;
  unit: string;
  baseline?: number | null;
  target?: Target;
  /** Apply the target to value ÷ baseline instead of the value (an "N× the baseline" target). */
  targetOnRatio?: boolean;
  note?: string;
}

/** Builds a figure: ratio, printed target and verdict. */
export function figure(input: FigureInput): Figure {
  const baseline = input.baseline ?? null;
  const ratio = ratioOf(input.value, baseline);
  const target = input.target ?? {};
  const onRatio = input.targetOnRatio ?? false;
  return {
    section: input.section,
    name: input.name,
    value: input.value,
    unit: input.unit,
    baseline,
    ratio,
    target: targetText(target, onRatio ? "×" : input.unit),
    targetOf: onRatio ? "ratio" : "value",
    verdict: verdictOf(onRatio ? ratio : input.value, target),
    note: input.note ?? "",
  };
}

/** A figure that could not be measured, and why. */
export function notMeasured(input: Omit<FigureInput, "value" | "baseline"> & { reason: string }): Figure {
  return { ...figure({ ...input, value: null }), verdict: "not measured", note: input.reason };
}

/** The rows of the figures table (header first). */
export function figureRows(figures: readonly Figure[]): string[][] {
  return [
    ["section", "figure", "value", "baseline", "ratio", "target", "verdict", "note"],
    ...figures.map((f) => [
      f.section,
      f.name,
      f.value === null ? "—" : `${formatValue(f.value, f.unit)} ${f.unit}`.trim(),
      f.baseline === null ? "" : `${formatValue(f.baseline, f.unit)} ${f.unit}`.trim(),
      f.ratio === null ? "" : `${formatValue(f.ratio, "×")}×`,
      f.target,
      f.verdict,
      f.note,
    ]),
  ];
}

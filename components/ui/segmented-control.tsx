"use client";

import { useEffect, useState, type ReactNode } from "react";

/** One option of a {@link SegmentedControl}. */
export interface SegmentedOption<T extends string> {
  value: T;
  /** What the segment shows. */
  label: ReactNode;
  /** Accessible name, when the visible label is terse ("24h" → "Last 24 hours"); also the tooltip. */
  name?: string;
}

/** Props of {@link SegmentedControl}. */
export interface SegmentedControlProps<T extends string> {
  /** Name of the group, e.g. "Window". */
  legend: string;
  /** Show the legend before the segments (otherwise it is for assistive technology only). */
  showLegend?: boolean;
  /** `name` of the radio inputs; unique on the page. */
  name: string;
  options: readonly SegmentedOption<T>[];
  /** Selected value, as the URL says. */
  value: T;
  onChange: (value: T) => void;
}

/**
 * A single choice as a segmented control of native radio buttons (arrow keys
 * move between them). The choice shows at once; the URL catches up a moment later.
 */
export function SegmentedControl<T extends string>({
  legend,
  showLegend = false,
  name,
  options,
  value,
  onChange,
}: SegmentedControlProps<T>) {
  const [selected, setSelected] = useState<T>(value);
  useEffect(() => {
    setSelected(value);
  }, [value]);

  return (
    <fieldset className="flex min-w-0 flex-wrap items-center gap-2">
      <legend className={showLegend ? "float-left mr-1 text-xs font-medium text-muted" : "sr-only"}>
        {legend}
      </legend>
      <div className="inline-flex rounded-md border border-border-strong bg-surface-muted p-0.5 shadow-xs">
        {options.map((option) => {
          const checked = option.value === selected;
          return (
            <label
              key={option.value}
              title={option.name}
              className={`relative cursor-pointer select-none rounded px-2.5 py-1 max-sm:inline-flex max-sm:min-h-10 max-sm:min-w-10 max-sm:items-center max-sm:justify-center text-xs font-medium tabular-nums transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-1 has-[:focus-visible]:outline-ring ${
                checked ? "bg-surface text-foreground shadow-sm" : "text-muted hover:text-foreground"
              }`}
            >
              <input
                type="radio"
                name={name}
                value={option.value}
                checked={checked}
                aria-label={option.name}
                onChange={() => {
                  setSelected(option.value);
                  onChange(option.value);
                }}
                className="absolute inset-0 m-0 size-full cursor-pointer appearance-none opacity-0"
              />
              {option.label}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

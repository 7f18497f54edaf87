"use client";

import { X } from "lucide-react";
import type { JobSource } from "@/lib/job";
import { DebouncedInput, FilterField, FilterForm } from "@/components/ui/filter-field";
import {
  hasMetricFilters,
  METRIC_TEXT_FILTER_KEYS,
  METRIC_WINDOWS,
  type MetricFilterKey,
  type MetricFilters,
  type MetricTextFilterKey,
  type MetricWindow,
} from "./metric-filter-state";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { SourceSelect } from "@/components/sources/source-select";
import { buttonClass, inputClass } from "@/components/ui/classes";

/** Props of {@link MetricFilterBar}. */
export interface MetricFilterBarProps {
  /** Accessible name of the search landmark, e.g. "Filter insights". */
  label: string;
  filters: MetricFilters;
  onChange: (key: MetricFilterKey, value: string) => void;
  onClear: () => void;
  /** The text filters this page offers (all of them unless set). */
  fields?: readonly MetricTextFilterKey[];
}

const TEXT_FILTERS: Record<MetricTextFilterKey, { label: string; placeholder: string }> = {
  repo: { label: "Repository", placeholder: "owner/name" },
  branch: { label: "Branch", placeholder: "main" },
  workflow: { label: "Workflow", placeholder: "ci" },
  job: { label: "Job", placeholder: "test" },
  label: { label: "Runner label", placeholder: "linux" },
};

/** Human names of the windows, for the picker's accessible labels. */
const WINDOW_NAMES: Record<MetricWindow, string> = {
  "1h": "Last hour",
  "6h": "Last 6 hours",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
};

/** The window, as words: "the last 24 hours". */
export const windowName = (window: MetricWindow) => `the ${WINDOW_NAMES[window].toLowerCase()}`;

/** Filters of the metric pages: a window picker, source, and exact-match text filters. */
export function MetricFilterBar({
  label,
  filters,
  onChange,
  onClear,
  fields = METRIC_TEXT_FILTER_KEYS,
}: MetricFilterBarProps) {
  const columns = fields.length + 1 >= 5 ? "lg:grid-cols-6" : "lg:grid-cols-4";
  return (
    <FilterForm label={label}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <WindowPicker value={filters.window} onChange={(window) => onChange("window", window)} />
        <button
          type="button"
          onClick={onClear}
          disabled={!hasMetricFilters(filters)}
          className={buttonClass.ghost}
        >
          <X aria-hidden className="size-4" />
          Clear filters
        </button>
      </div>
      <div className={`grid grid-cols-2 gap-2.5 sm:grid-cols-3 sm:gap-3 ${columns}`}>
        <FilterField label="Source">
          {(id) => (
            <SourceSelect
              id={id}
              value={filters.source ?? null}
              onChange={(source: JobSource | null) => onChange("source", source ?? "")}
            />
          )}
        </FilterField>
        {fields.map((name) => (
          <FilterField key={name} label={TEXT_FILTERS[name].label}>
            {(id) => (
              <DebouncedInput
                id={id}
                name={name}
                value={filters[name] ?? ""}
                placeholder={TEXT_FILTERS[name].placeholder}
                onCommit={onChange}
                className={inputClass}
              />
            )}
          </FilterField>
        ))}
      </div>
    </FilterForm>
  );
}

const WINDOW_OPTIONS = METRIC_WINDOWS.map((window) => ({
  value: window,
  label: window,
  name: WINDOW_NAMES[window],
}));

/** Props of {@link WindowPicker}. */
export interface WindowPickerProps {
  value: MetricWindow;
  onChange: (window: MetricWindow) => void;
}

/** The time window as a segmented control: 1h to 90d. */
export function WindowPicker({ value, onChange }: WindowPickerProps) {
  return (
    <SegmentedControl
      legend="Window"
      showLegend
      name="window"
      options={WINDOW_OPTIONS}
      value={value}
      onChange={onChange}
    />
  );
}

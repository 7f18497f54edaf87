"use client";

import { X } from "lucide-react";
import type { RunnerStatus } from "@/lib/runner";
import { FilterField, FilterForm, SearchInput } from "@/components/ui/filter-field";
import { SourceField } from "@/components/sources/source-select";
import { hasRunnerFilters, type RunnerFilterKey, type RunnerFilters } from "./runner-filters";
import { RUNNER_STATUS_STYLES } from "./runner-status";
import { ToggleChips, type ToggleChipOption } from "@/components/ui/toggle-chips";
import { buttonClass } from "@/components/ui/classes";

/** Props of {@link RunnerFilterBar}. */
export interface RunnerFilterBarProps {
  filters: RunnerFilters;
  onChange: (key: RunnerFilterKey, value: string) => void;
  onClear: () => void;
}

/** Status chips, in the pool headers' order: what needs attention first. */
const STATUS_OPTIONS: readonly ToggleChipOption<RunnerStatus>[] = (["busy", "idle", "offline"] as const).map(
  (status) => ({ value: status, ...RUNNER_STATUS_STYLES[status] }),
);

/** Filters of the Runners page: name/label search, source and status. */
export function RunnerFilterBar({ filters, onChange, onClear }: RunnerFilterBarProps) {
  return (
    <FilterForm label="Filter runners">
      <div className="grid grid-cols-2 gap-2.5 sm:gap-3 sm:grid-cols-[2fr_1fr]">
        <FilterField label="Search" className="col-span-2 min-w-0 sm:col-span-1">
          {(id) => (
            <SearchInput
              id={id}
              name="q"
              value={filters.q ?? ""}
              placeholder="Runner name, group or label"
              onCommit={onChange}
            />
          )}
        </FilterField>
        <SourceField value={filters.source ?? null} onChange={(source) => onChange("source", source)} />
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <ToggleChips
          legend="Status"
          options={STATUS_OPTIONS}
          value={filters.status}
          onChange={(statuses) => onChange("status", statuses.join(","))}
        />
        <button
          type="button"
          onClick={onClear}
          disabled={!hasRunnerFilters(filters)}
          className={buttonClass.ghost}
        >
          <X aria-hidden className="size-4" />
          Clear filters
        </button>
      </div>
    </FilterForm>
  );
}

"use client";

import { X } from "lucide-react";
import type { JobSource, JobStatus } from "@/lib/job";
import { hasRunFilters, type RunFilters, type RunTextFilterKey } from "@/components/api/run-api";
import { StatusChips } from "@/components/ui/toggle-chips";
import { DebouncedInput, FilterField, FilterForm } from "@/components/ui/filter-field";
import { SourceSelect } from "@/components/sources/source-select";
import { buttonClass, inputClass } from "@/components/ui/classes";

/** Props of {@link RunFilterBar}. */
export interface RunFilterBarProps {
  filters: RunFilters;
  onTextChange: (key: RunTextFilterKey, value: string) => void;
  onSourceChange: (source: JobSource | null) => void;
  onStatusesChange: (statuses: JobStatus[]) => void;
  onClear: () => void;
}

const TEXT_FILTERS: readonly { name: RunTextFilterKey; label: string; placeholder: string }[] = [
  { name: "repo", label: "Repository", placeholder: "owner/name" },
  { name: "branch", label: "Branch", placeholder: "main" },
  { name: "workflow", label: "Workflow", placeholder: "ci" },
];

/** Filters of the Pipelines page: source, repository, branch, workflow and status chips. */
export function RunFilterBar({
  filters,
  onTextChange,
  onSourceChange,
  onStatusesChange,
  onClear,
}: RunFilterBarProps) {
  return (
    <FilterForm label="Filter pipelines">
      <div className="grid grid-cols-2 gap-2.5 sm:gap-3 lg:grid-cols-4">
        <FilterField label="Source">
          {(id) => <SourceSelect id={id} value={filters.source ?? null} onChange={onSourceChange} />}
        </FilterField>
        {TEXT_FILTERS.map(({ name, label, placeholder }) => (
          <FilterField key={name} label={label}>
            {(id) => (
              <DebouncedInput
                id={id}
                name={name}
                value={filters[name] ?? ""}
                placeholder={placeholder}
                onCommit={onTextChange}
                className={inputClass}
              />
            )}
          </FilterField>
        ))}
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <StatusChips value={filters.status} onChange={onStatusesChange} />
        <button
          type="button"
          onClick={onClear}
          disabled={!hasRunFilters(filters)}
          className={buttonClass.ghost}
        >
          <X aria-hidden className="size-4" />
          Clear filters
        </button>
      </div>
    </FilterForm>
  );
}

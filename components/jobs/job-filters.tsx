"use client";

import { X } from "lucide-react";
import type { JobStatus } from "@/lib/job";
import type { JobSuggestField } from "@/lib/job-search";
import { hasFilters, type FilterKey, type JobFilters } from "@/components/api/jobs-api";
import { DebouncedInput, FilterField, FilterForm, SearchInput } from "@/components/ui/filter-field";
import { StatusChips } from "@/components/ui/toggle-chips";
import { inputClass } from "@/components/ui/classes";
import { SourceField } from "@/components/sources/source-select";
import { SuggestInput } from "./suggest-input";

/** Props of {@link JobFilterBar}. */
export interface JobFilterBarProps {
  filters: JobFilters;
  /** Sets (or, given "", removes) one filter. */
  onTextChange: (key: FilterKey, value: string) => void;
  onStatusesChange: (statuses: JobStatus[]) => void;
  onClear: () => void;
}

/** The exact-match filters with suggestions from known values, in grid order. */
const SUGGEST_FILTERS: readonly { field: JobSuggestField; label: string; placeholder: string }[] = [
  { field: "repo", label: "Repository", placeholder: "owner/name" },
  { field: "branch", label: "Branch", placeholder: "main" },
  { field: "workflow", label: "Workflow", placeholder: "ci" },
  { field: "name", label: "Job name", placeholder: "test" },
  { field: "pool", label: "Runner pool", placeholder: "linux, x64" },
];

/**
 * Filters of the Jobs page: free text; repository, branch, workflow, job name
 * and pool with suggestions; runner label; source; a day range; status chips.
 */
export function JobFilterBar({ filters, onTextChange, onStatusesChange, onClear }: JobFilterBarProps) {
  return (
    <FilterForm label="Filter jobs">
      <div className="grid grid-cols-2 gap-2.5 sm:gap-3 lg:grid-cols-6">
        <FilterField label="Search" className="col-span-2 min-w-0 lg:col-span-3">
          {(id) => (
            <SearchInput
              id={id}
              name="q"
              value={filters.q ?? ""}
              placeholder="Job, repo, branch, runner, id…"
              onCommit={onTextChange}
            />
          )}
        </FilterField>
        {SUGGEST_FILTERS.map(({ field, label, placeholder }) => (
          <FilterField key={field} label={label}>
            {(id) => (
              <SuggestInput
                id={id}
                field={field}
                value={filters[field] ?? ""}
                placeholder={placeholder}
                onCommit={onTextChange}
              />
            )}
          </FilterField>
        ))}
        <FilterField label="Runner label">
          {(id) => (
            <DebouncedInput
              id={id}
              name="label"
              value={filters.label ?? ""}
              placeholder="ubuntu-latest"
              onCommit={onTextChange}
              className={inputClass}
            />
          )}
        </FilterField>
        <SourceField value={filters.source ?? null} onChange={(source) => onTextChange("source", source)} />
        <FilterField label="From">
          {(id) => (
            <input
              id={id}
              name="since"
              type="date"
              value={filters.since ?? ""}
              max={filters.until}
              onChange={(event) => onTextChange("since", event.target.value)}
              className={inputClass}
            />
          )}
        </FilterField>
        <FilterField label="To">
          {(id) => (
            <input
              id={id}
              name="until"
              type="date"
              value={filters.until ?? ""}
              min={filters.since}
              onChange={(event) => onTextChange("until", event.target.value)}
              className={inputClass}
            />
          )}
        </FilterField>
      </div>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <StatusChips value={filters.status} onChange={onStatusesChange} />

        <div className="flex items-center gap-2">
          {filters.runner && (
            <span className="inline-flex items-center gap-1 rounded-full border border-border px-2 py-0.5 text-xs">
              Runner: <span className="font-mono">{filters.runner}</span>
              <button
                type="button"
                onClick={() => onTextChange("runner", "")}
                className="rounded-full p-0.5 text-muted hover:text-foreground"
              >
                <X aria-hidden className="size-3" />
                <span className="sr-only">Remove runner filter</span>
              </button>
            </span>
          )}
          <button
            type="button"
            onClick={onClear}
            disabled={!hasFilters(filters)}
            className="inline-flex h-8 items-center gap-1 rounded-md px-2.5 text-sm font-medium text-muted hover:bg-surface-muted hover:text-foreground disabled:pointer-events-none disabled:opacity-50"
          >
            <X aria-hidden className="size-4" />
            Clear filters
          </button>
        </div>
      </div>
    </FilterForm>
  );
}

"use client";

import { Search, X } from "lucide-react";
import type { JobStatus } from "@/lib/job";
import { hasFilters, type JobFilters, type TextFilterKey } from "@/components/api/jobs-api";
import { DebouncedInput, FilterField, FilterForm } from "@/components/ui/filter-field";
import { StatusChips } from "@/components/ui/toggle-chips";
import { inputClass } from "@/components/ui/classes";

/** Props of {@link JobFilterBar}. */
export interface JobFilterBarProps {
  filters: JobFilters;
  onTextChange: (key: TextFilterKey, value: string) => void;
  onStatusesChange: (statuses: JobStatus[]) => void;
  onClear: () => void;
}

/** The text filters, in grid order. */
const TEXT_FILTERS: readonly Pick<TextFilterProps, "name" | "label" | "placeholder" | "icon">[] = [
  { name: "q", label: "Search", placeholder: "Job, repo, branch, runner, id…", icon: true },
  { name: "repo", label: "Repository", placeholder: "owner/name" },
  { name: "branch", label: "Branch", placeholder: "main" },
  { name: "workflow", label: "Workflow", placeholder: "ci" },
  { name: "label", label: "Runner label", placeholder: "ubuntu-latest" },
];

/** Filters of the Jobs page: free text, repo, branch, workflow, runner label and status chips. */
export function JobFilterBar({ filters, onTextChange, onStatusesChange, onClear }: JobFilterBarProps) {
  return (
    <FilterForm label="Filter jobs">
      <div className="grid grid-cols-2 gap-2.5 sm:gap-3 lg:grid-cols-[2fr_repeat(4,1fr)]">
        {TEXT_FILTERS.map((filter) => (
          <TextFilter
            key={filter.name}
            {...filter}
            value={filters[filter.name] ?? ""}
            onCommit={onTextChange}
          />
        ))}
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

interface TextFilterProps {
  name: TextFilterKey;
  label: string;
  placeholder: string;
  /** Current value in the URL. */
  value: string;
  onCommit: (key: TextFilterKey, value: string) => void;
  icon?: boolean;
}

/** A labelled text filter; `icon` makes it the wide search box. */
function TextFilter({ name, label, placeholder, value, onCommit, icon }: TextFilterProps) {
  return (
    <FilterField label={label} className={`min-w-0 ${icon ? "col-span-2 lg:col-span-1" : ""}`}>
      {(id) => (
        <div className="relative">
          {icon && (
            <Search
              aria-hidden
              className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted"
            />
          )}
          <DebouncedInput
            id={id}
            name={name}
            type={icon ? "search" : "text"}
            value={value}
            placeholder={placeholder}
            onCommit={onCommit}
            className={`${inputClass} ${icon ? "pl-8" : ""}`}
          />
        </div>
      )}
    </FilterField>
  );
}

"use client";

import { useEffect, useState } from "react";
import { Search, X } from "lucide-react";
import { JOB_STATUSES, type JobStatus } from "@/lib/job";
import { hasFilters, type JobFilters, type TextFilterKey } from "./jobs-api";
import { DebouncedInput, FilterField, FilterForm } from "./filter-field";
import { STATUS_STYLES } from "./status-badge";
import { inputClass } from "./ui";

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
  // Shown immediately on click; the URL (and so `filters`) catches up a moment later.
  const [statuses, setStatuses] = useState(filters.status);
  const urlStatuses = filters.status.join(",");
  useEffect(() => {
    setStatuses(urlStatuses ? (urlStatuses.split(",") as JobStatus[]) : []);
  }, [urlStatuses]);

  const toggleStatus = (status: JobStatus) => {
    const selected = new Set(statuses);
    if (selected.has(status)) selected.delete(status);
    else selected.add(status);
    const next = JOB_STATUSES.filter((s) => selected.has(s));
    setStatuses(next);
    onStatusesChange(next);
  };

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
        <fieldset aria-label="Status" className="flex min-w-0 flex-wrap items-center gap-1.5">
          <legend className="float-left mr-1 text-xs font-medium text-muted">Status</legend>
          {JOB_STATUSES.map((status) => {
            const style = STATUS_STYLES[status];
            const Icon = style.icon;
            const checked = statuses.includes(status);
            return (
              <label
                key={status}
                className={`relative inline-flex cursor-pointer select-none items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-ring ${
                  checked
                    ? `border-transparent ring-1 ring-inset ${style.badge}`
                    : "border-border text-muted hover:border-border-strong hover:text-foreground"
                }`}
              >
                <input
                  type="checkbox"
                  name="status"
                  value={status}
                  checked={checked}
                  onChange={() => toggleStatus(status)}
                  className="absolute inset-0 m-0 size-full cursor-pointer appearance-none rounded-full opacity-0"
                />
                <Icon aria-hidden className="size-3.5" />
                {style.label}
              </label>
            );
          })}
        </fieldset>

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

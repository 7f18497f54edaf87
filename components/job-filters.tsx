"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Search, X } from "lucide-react";
import { JOB_STATUSES, type JobStatus } from "@/lib/job";
import { hasFilters, type JobFilters, type TextFilterKey } from "./jobs-api";
import { STATUS_STYLES } from "./status-badge";

/** Delay between the last keystroke and the URL update. */
const DEBOUNCE_MS = 300;

/** Props of {@link JobFilterBar}. */
export interface JobFilterBarProps {
  filters: JobFilters;
  onTextChange: (key: TextFilterKey, value: string) => void;
  onStatusesChange: (statuses: JobStatus[]) => void;
  onClear: () => void;
}

const inputClass =
  "h-8 w-full rounded-md border border-border-strong bg-surface px-2.5 text-sm text-foreground placeholder:text-muted/70 shadow-xs focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0";

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
    <form
      role="search"
      aria-label="Filter jobs"
      onSubmit={(event) => event.preventDefault()}
      className="space-y-3 rounded-xl border border-border bg-surface p-3 shadow-sm sm:p-4"
    >
      <div className="grid grid-cols-2 gap-2.5 sm:gap-3 lg:grid-cols-[2fr_repeat(4,1fr)]">
        <TextFilter
          name="q"
          label="Search"
          placeholder="Job, repo, branch, runner, id…"
          value={filters.q ?? ""}
          onCommit={onTextChange}
          icon
        />
        <TextFilter
          name="repo"
          label="Repository"
          placeholder="owner/name"
          value={filters.repo ?? ""}
          onCommit={onTextChange}
        />
        <TextFilter
          name="branch"
          label="Branch"
          placeholder="main"
          value={filters.branch ?? ""}
          onCommit={onTextChange}
        />
        <TextFilter
          name="workflow"
          label="Workflow"
          placeholder="ci"
          value={filters.workflow ?? ""}
          onCommit={onTextChange}
        />
        <TextFilter
          name="label"
          label="Runner label"
          placeholder="ubuntu-latest"
          value={filters.label ?? ""}
          onCommit={onTextChange}
        />
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
    </form>
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

/** A text input that commits to the URL after typing pauses, and follows the URL on back/forward. */
function TextFilter({ name, label, placeholder, value, onCommit, icon }: TextFilterProps) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  const committed = useRef(value);

  // Follow URL changes we did not make ourselves (back/forward, "Clear filters", a pasted link).
  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setDraft(value);
    }
  }, [value]);

  useEffect(() => {
    if (draft.trim() === committed.current) return;
    const timer = setTimeout(() => {
      committed.current = draft.trim();
      onCommit(name, draft);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, name, onCommit]);

  return (
    <div className={`min-w-0 ${icon ? "col-span-2 lg:col-span-1" : ""}`}>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-muted">
        {label}
      </label>
      <div className="relative">
        {icon && (
          <Search
            aria-hidden
            className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted"
          />
        )}
        <input
          id={id}
          name={name}
          type={icon ? "search" : "text"}
          value={draft}
          placeholder={placeholder}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && draft.trim() !== committed.current) {
              committed.current = draft.trim();
              onCommit(name, draft);
            }
          }}
          className={`${inputClass} ${icon ? "pl-8" : ""}`}
        />
      </div>
    </div>
  );
}

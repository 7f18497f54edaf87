"use client";

import Link from "next/link";
import { MonitorPlay, UserRound, X } from "lucide-react";
import { JOB_SOURCES } from "@/lib/job";
import { SOURCE_LABELS } from "@/components/common/format";
import { DebouncedInput, FilterField, FilterForm } from "@/components/ui/filter-field";
import { buttonClass, inputClass } from "@/components/ui/classes";
import { hasLiveFilters, liveFilterSearch, type LiveFilters, type LiveTextKey } from "./live-filters";

/** Props of {@link LiveFilterBar}. */
export interface LiveFilterBarProps {
  filters: LiveFilters;
  /** The signed-in identity's name, which "Mine" stands for; null when there is none. */
  me: string | null;
  onChange: (key: keyof LiveFilters, value: string | boolean) => void;
  onClear: () => void;
  /** Where the wallboard link points (`/wall`), with the same filters. */
  wallHref?: string;
}

const TEXT_FILTERS: readonly { name: LiveTextKey; label: string; placeholder: string }[] = [
  { name: "repo", label: "Repository", placeholder: "owner/name" },
  { name: "branch", label: "Branch", placeholder: "main" },
  { name: "author", label: "Author", placeholder: "octocat" },
  { name: "pool", label: "Pool", placeholder: "linux, x64" },
];

/** Live's filter bar: repository, branch, author (or "Mine"), pool and source, all kept in the URL. */
export function LiveFilterBar({ filters, me, onChange, onClear, wallHref = "/wall" }: LiveFilterBarProps) {
  const query = liveFilterSearch(filters).toString();
  const mineWithoutName = filters.mine && me === null;
  return (
    <FilterForm label="Filter live jobs">
      <div className="grid grid-cols-2 gap-2.5 sm:gap-3 lg:grid-cols-5">
        {TEXT_FILTERS.map(({ name, label, placeholder }) => (
          <FilterField key={name} label={label}>
            {(id) => (
              <DebouncedInput
                id={id}
                name={name}
                value={filters[name] ?? ""}
                placeholder={placeholder}
                onCommit={onChange}
                // "Mine" decides the author while it is on.
                disabled={name === "author" && filters.mine && me !== null}
                className={`${inputClass} disabled:opacity-60`}
              />
            )}
          </FilterField>
        ))}
        <FilterField label="Source">
          {(id) => (
            <select
              id={id}
              name="source"
              value={filters.source ?? ""}
              onChange={(event) => onChange("source", event.target.value)}
              className={inputClass}
            >
              <option value="">Any source</option>
              {JOB_SOURCES.map((source) => (
                <option key={source} value={source}>
                  {SOURCE_LABELS[source]}
                </option>
              ))}
            </select>
          )}
        </FilterField>
      </div>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="button"
            aria-pressed={filters.mine}
            onClick={() => onChange("mine", !filters.mine)}
            title={me ? `Jobs triggered by ${me}` : "Jobs triggered by you (needs a signed-in key)"}
            className={`${buttonClass.secondary} aria-pressed:border-accent aria-pressed:bg-accent aria-pressed:text-accent-foreground`}
          >
            <UserRound aria-hidden className="size-4" />
            Mine
          </button>
          {mineWithoutName && (
            <span role="note" className="text-xs text-muted">
              No one is signed in, so “Mine” shows everyone’s jobs.
            </span>
          )}
          {filters.mine && me && (
            <span className="text-xs text-muted">
              Author: <span className="font-mono text-foreground">{me}</span>
            </span>
          )}
        </div>
        <div className="flex items-center gap-2">
          <Link href={query ? `${wallHref}?${query}` : wallHref} className={buttonClass.ghost}>
            <MonitorPlay aria-hidden className="size-4" />
            Wallboard
          </Link>
          <button
            type="button"
            onClick={onClear}
            disabled={!hasLiveFilters(filters)}
            className={buttonClass.ghost}
          >
            <X aria-hidden className="size-4" />
            Clear filters
          </button>
        </div>
      </div>
    </FilterForm>
  );
}

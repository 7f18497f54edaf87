"use client";

import { useEffect, useState } from "react";
import type { LucideIcon } from "lucide-react";
import { JOB_STATUSES, type JobStatus } from "@/lib/job";
import { STATUS_STYLES } from "@/components/common/status-badge";

/** One chip of a {@link ToggleChips} group. */
export interface ToggleChipOption<T extends string> {
  value: T;
  label: string;
  icon: LucideIcon;
  /** Colours of the chip while selected. */
  badge: string;
}

/** Props of {@link ToggleChips}. */
export interface ToggleChipsProps<T extends string> {
  /** Accessible name and visible legend of the group, e.g. "Status". */
  legend: string;
  /** Every option, in display order (also the order of the selection handed to `onChange`). */
  options: readonly ToggleChipOption<T>[];
  /** Selected values, as the URL says. */
  value: readonly T[];
  onChange: (selected: T[]) => void;
}

/**
 * A multi-select filter as a group of toggle chips (checkboxes), icon and
 * name in each. The selection shows at once on click; the URL catches up a
 * moment later.
 */
export function ToggleChips<T extends string>({ legend, options, value, onChange }: ToggleChipsProps<T>) {
  const [selected, setSelected] = useState<readonly T[]>(value);
  const fromUrl = value.join(",");
  useEffect(() => {
    setSelected(fromUrl ? (fromUrl.split(",") as T[]) : []);
  }, [fromUrl]);

  const toggle = (option: T) => {
    const set = new Set(selected);
    if (set.has(option)) set.delete(option);
    else set.add(option);
    const next = options.map((o) => o.value).filter((v) => set.has(v));
    setSelected(next);
    onChange(next);
  };

  return (
    <fieldset aria-label={legend} className="flex min-w-0 flex-wrap items-center gap-1.5">
      <legend className="float-left mr-1 text-xs font-medium text-muted">{legend}</legend>
      {options.map(({ value: option, label, icon: Icon, badge }) => {
        const checked = selected.includes(option);
        return (
          <label
            key={option}
            className={`relative inline-flex cursor-pointer select-none items-center gap-1 rounded-full border px-2 py-0.5 max-sm:min-h-10 max-sm:px-3 text-xs font-medium transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-ring ${
              checked
                ? `border-transparent ring-1 ring-inset ${badge}`
                : "border-border text-muted hover:border-border-strong hover:text-foreground"
            }`}
          >
            <input
              type="checkbox"
              name={legend.toLowerCase()}
              value={option}
              checked={checked}
              onChange={() => toggle(option)}
              className="absolute inset-0 m-0 size-full cursor-pointer appearance-none rounded-full opacity-0"
            />
            <Icon aria-hidden className="size-3.5" />
            {label}
          </label>
        );
      })}
    </fieldset>
  );
}

const JOB_STATUS_OPTIONS: readonly ToggleChipOption<JobStatus>[] = JOB_STATUSES.map((status) => ({
  value: status,
  label: STATUS_STYLES[status].label,
  icon: STATUS_STYLES[status].icon,
  badge: STATUS_STYLES[status].badge,
}));

/** Props of {@link StatusChips}. */
export interface StatusChipsProps {
  value: JobStatus[];
  onChange: (statuses: JobStatus[]) => void;
}

/** The job/run status filter: one chip per status. */
export function StatusChips({ value, onChange }: StatusChipsProps) {
  return <ToggleChips legend="Status" options={JOB_STATUS_OPTIONS} value={value} onChange={onChange} />;
}

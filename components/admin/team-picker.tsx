"use client";

import { useQuery } from "@tanstack/react-query";
import { teamsQuery } from "@/components/api/teams-api";
import { labelClass } from "@/components/ui/classes";

/** Props of {@link TeamPicker}. */
export interface TeamPickerProps {
  /** The team names chosen. */
  value: string[];
  onChange: (teams: string[]) => void;
  /** True when the key is an admin key: admins are never scoped, so there is nothing to pick. */
  disabled?: boolean;
}

/**
 * Multi-select of the existing teams for a new API key (`teams` of
 * `POST /api/v1/keys`): none chosen leaves the key unscoped. Checkboxes, not a
 * `<select multiple>`, so each choice is one click and reads out on its own.
 */
export function TeamPicker({ value, onChange, disabled = false }: TeamPickerProps) {
  const teams = useQuery(teamsQuery());
  const names = (teams.data ?? []).map((t) => t.name);
  const toggle = (name: string) =>
    onChange(
      value.includes(name)
        ? value.filter((n) => n !== name)
        : names.filter((n) => n === name || value.includes(n)),
    );

  return (
    <fieldset disabled={disabled} className="md:col-span-2">
      <legend className={labelClass}>Teams</legend>
      {teams.isPending ? (
        <p className="text-xs text-muted">Loading teams…</p>
      ) : teams.isError ? (
        <p className="text-xs text-muted">Teams could not be loaded: the key will see every team's jobs.</p>
      ) : names.length === 0 ? (
        <p className="text-xs text-muted">No teams yet: the key sees every team's jobs.</p>
      ) : (
        <>
          <div className="flex flex-wrap gap-x-5 gap-y-2">
            {names.map((name) => (
              <label key={name} className="flex cursor-pointer items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name="teams"
                  value={name}
                  checked={value.includes(name)}
                  onChange={() => toggle(name)}
                  className="size-4 accent-[var(--accent)]"
                />
                <span className="font-mono">{name}</span>
              </label>
            ))}
          </div>
          <p className="mt-1 text-xs text-muted">
            {disabled
              ? "Admin keys are never scoped: they see every team."
              : value.length === 0
                ? "None chosen: the key sees every team's jobs."
                : "The key sees only these teams' jobs, runs, metrics and alerts."}
          </p>
        </>
      )}
    </fieldset>
  );
}

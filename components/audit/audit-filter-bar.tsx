"use client";

import { X } from "lucide-react";
import { useId } from "react";
import { AUDIT_ACTIONS } from "@/lib/auth";
import {
  AUDIT_ACTION_PREFIXES,
  hasAuditFilters,
  type AuditFilterKey,
  type AuditFilters,
} from "./audit-params";
import { DebouncedInput, FilterField, FilterForm } from "@/components/ui/filter-field";
import { describeActor, useKeysById } from "@/components/admin/key-names";
import { buttonClass, inputClass } from "@/components/ui/classes";

/** Grid cell of the wider fields: full width on phones. */
const WIDE = "col-span-2 min-w-0 sm:col-span-1";

/** Props of {@link AuditFilterBar}. */
export interface AuditFilterBarProps {
  filters: AuditFilters;
  onChange: (key: AuditFilterKey, value: string) => void;
  onClear: () => void;
}

/** Filters of the Audit page: action (exact or family), actor, and a range of local days. */
export function AuditFilterBar({ filters, onChange, onClear }: AuditFilterBarProps) {
  const actorListId = useId();
  const keysById = useKeysById();
  const action = filters.action ?? "";
  const listed =
    action === "" ||
    AUDIT_ACTION_PREFIXES.includes(action) ||
    (AUDIT_ACTIONS as readonly string[]).includes(action);

  return (
    <FilterForm label="Filter the audit log">
      <div className="grid grid-cols-2 gap-2.5 sm:gap-3 lg:grid-cols-[1.4fr_1.4fr_1fr_1fr_auto] lg:items-end">
        <FilterField label="Action" className={WIDE}>
          {(id) => (
            <select
              id={id}
              name="action"
              value={action}
              onChange={(event) => onChange("action", event.target.value)}
              className={`${inputClass} font-mono text-[13px]`}
            >
              <option value="">All actions</option>
              {!listed && <option value={action}>{action}</option>}
              <optgroup label="Families">
                {AUDIT_ACTION_PREFIXES.map((prefix) => (
                  <option key={prefix} value={prefix}>
                    {prefix}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Actions">
                {AUDIT_ACTIONS.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </optgroup>
            </select>
          )}
        </FilterField>
        <FilterField label="Actor" className={WIDE}>
          {(id) => (
            <>
              <DebouncedInput
                id={id}
                list={actorListId}
                value={filters.actor ?? ""}
                placeholder="Key id, cli, system, anonymous"
                name="actor"
                onCommit={onChange}
                className={`${inputClass} font-mono text-[13px]`}
              />
              <datalist id={actorListId}>
                {[...keysById.values()].map((key) => (
                  <option key={key.id} value={key.id}>
                    {describeActor(key.id, keysById).label}
                  </option>
                ))}
                <option value="cli">CLI</option>
                <option value="system">System</option>
                <option value="anonymous">Anonymous</option>
              </datalist>
            </>
          )}
        </FilterField>
        <DateFilter label="Since" name="since" filters={filters} onChange={onChange} max={filters.until} />
        <DateFilter label="Until" name="until" filters={filters} onChange={onChange} min={filters.since} />
        <div className="col-span-2 flex justify-end lg:col-span-1">
          <button
            type="button"
            onClick={onClear}
            disabled={!hasAuditFilters(filters)}
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

/** Props of {@link DateFilter}. */
interface DateFilterProps {
  label: string;
  name: "since" | "until";
  filters: AuditFilters;
  onChange: (key: AuditFilterKey, value: string) => void;
  min?: string;
  max?: string;
}

/** A local-day bound of the range. */
function DateFilter({ label, name, filters, onChange, min, max }: DateFilterProps) {
  return (
    <FilterField label={label}>
      {(id) => (
        <input
          id={id}
          name={name}
          type="date"
          value={filters[name] ?? ""}
          min={min}
          max={max}
          onChange={(event) => onChange(name, event.target.value)}
          className={`${inputClass} tabular-nums`}
        />
      )}
    </FilterField>
  );
}

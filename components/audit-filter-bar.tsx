"use client";

import { X } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { AUDIT_ACTIONS } from "@/lib/auth";
import {
  AUDIT_ACTION_PREFIXES,
  hasAuditFilters,
  type AuditFilterKey,
  type AuditFilters,
} from "./audit-params";
import { describeActor, useKeysById } from "./key-names";
import { buttonClass, inputClass, labelClass } from "./ui";

/** Delay between the last keystroke and the URL update. */
const DEBOUNCE_MS = 300;

/** Props of {@link AuditFilterBar}. */
export interface AuditFilterBarProps {
  filters: AuditFilters;
  onChange: (key: AuditFilterKey, value: string) => void;
  onClear: () => void;
}

/** Filters of the Audit page: action (exact or family), actor, and a range of local days. */
export function AuditFilterBar({ filters, onChange, onClear }: AuditFilterBarProps) {
  const actionId = useId();
  const actorId = useId();
  const actorListId = useId();
  const sinceId = useId();
  const untilId = useId();
  const keysById = useKeysById();
  const action = filters.action ?? "";
  const listed =
    action === "" ||
    AUDIT_ACTION_PREFIXES.includes(action) ||
    (AUDIT_ACTIONS as readonly string[]).includes(action);

  return (
    <form
      role="search"
      aria-label="Filter the audit log"
      onSubmit={(event) => event.preventDefault()}
      className="space-y-3 rounded-xl border border-border bg-surface p-3 shadow-sm sm:p-4"
    >
      <div className="grid grid-cols-2 gap-2.5 sm:gap-3 lg:grid-cols-[1.4fr_1.4fr_1fr_1fr_auto] lg:items-end">
        <div className="col-span-2 min-w-0 sm:col-span-1">
          <label htmlFor={actionId} className={labelClass}>
            Action
          </label>
          <select
            id={actionId}
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
        </div>
        <div className="col-span-2 min-w-0 sm:col-span-1">
          <label htmlFor={actorId} className={labelClass}>
            Actor
          </label>
          <DebouncedInput
            id={actorId}
            list={actorListId}
            value={filters.actor ?? ""}
            placeholder="Key id, cli, system, anonymous"
            name="actor"
            onCommit={onChange}
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
        </div>
        <div className="min-w-0">
          <label htmlFor={sinceId} className={labelClass}>
            Since
          </label>
          <input
            id={sinceId}
            name="since"
            type="date"
            value={filters.since ?? ""}
            max={filters.until}
            onChange={(event) => onChange("since", event.target.value)}
            className={`${inputClass} tabular-nums`}
          />
        </div>
        <div className="min-w-0">
          <label htmlFor={untilId} className={labelClass}>
            Until
          </label>
          <input
            id={untilId}
            name="until"
            type="date"
            value={filters.until ?? ""}
            min={filters.since}
            onChange={(event) => onChange("until", event.target.value)}
            className={`${inputClass} tabular-nums`}
          />
        </div>
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
    </form>
  );
}

interface DebouncedInputProps {
  id: string;
  name: AuditFilterKey;
  list: string;
  /** Current value in the URL. */
  value: string;
  placeholder: string;
  onCommit: (key: AuditFilterKey, value: string) => void;
}

/** A text input that commits after typing pauses (or on Enter) and follows the URL on back/forward. */
function DebouncedInput({ id, name, list, value, placeholder, onCommit }: DebouncedInputProps) {
  const [draft, setDraft] = useState(value);
  const committed = useRef(value);

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
    <input
      id={id}
      name={name}
      type="text"
      list={list}
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
      className={`${inputClass} font-mono text-[13px]`}
    />
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import type { JobSuggestField } from "@/lib/job-search";
import { jobSuggestionsQuery } from "@/components/api/job-search-api";
import { inputClass } from "@/components/ui/classes";

/** Pause after a keystroke before asking for suggestions. */
const SUGGEST_DELAY_MS = 150;

/** Props of {@link SuggestInput}. */
export interface SuggestInputProps {
  /** The input's id (its label points at it). */
  id: string;
  /** The field suggested, also the filter's URL key. */
  field: JobSuggestField;
  /** Current value in the URL. */
  value: string;
  placeholder: string;
  /** Applies a value (an exact-match filter): on choosing a suggestion, on Enter, or on leaving the input. */
  onCommit: (key: JobSuggestField, value: string) => void;
}

/**
 * A text filter with suggestions from known values: the WAI-ARIA combobox
 * pattern (an input with a listbox popup). Typing narrows the suggestions
 * without filtering yet, since the filter is exact and a half-typed name
 * matches nothing; Down/Up move through them, Enter or a click applies one,
 * Escape closes the list (and, closed, restores the applied value).
 */
export function SuggestInput({ id, field, value, placeholder, onCommit }: SuggestInputProps) {
  const [draft, setDraft] = useState(value);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [prefix, setPrefix] = useState(value);
  const committed = useRef(value);
  const listId = useId();

  // Follow URL changes we did not make ourselves (back/forward, "Clear filters", a pasted link).
  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setDraft(value);
    }
  }, [value]);

  useEffect(() => {
    const timer = setTimeout(() => setPrefix(draft.trim()), SUGGEST_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft]);

  const suggestions = useQuery({ ...jobSuggestionsQuery(field, prefix), enabled: open });
  const items = open ? (suggestions.data?.items ?? []) : [];
  const expanded = items.length > 0;

  const commit = (next: string) => {
    const trimmed = next.trim();
    setDraft(trimmed);
    setOpen(false);
    setActive(-1);
    if (trimmed === committed.current) return;
    committed.current = trimmed;
    onCommit(field, trimmed);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp": {
        event.preventDefault();
        if (!open) {
          setOpen(true);
          return;
        }
        if (items.length === 0) return;
        const last = items.length - 1;
        // Wraps around at both ends.
        setActive((index) =>
          event.key === "ArrowDown" ? (index >= last ? 0 : index + 1) : index <= 0 ? last : index - 1,
        );
        return;
      }
      case "Enter":
        event.preventDefault();
        commit(expanded && active >= 0 && active < items.length ? items[active]! : draft);
        return;
      case "Escape":
        if (open) {
          setOpen(false);
          setActive(-1);
        } else setDraft(committed.current);
        return;
    }
  };

  return (
    <div className="relative">
      <input
        id={id}
        name={field}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        value={draft}
        placeholder={placeholder}
        onChange={(event) => {
          setDraft(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => commit(draft)}
        onKeyDown={onKeyDown}
        className={inputClass}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="Known values"
        hidden={!expanded}
        className="absolute inset-x-0 top-full z-30 mt-1 max-h-64 overflow-y-auto rounded-md border border-border-strong bg-surface py-1 text-sm shadow-lg"
      >
        {items.map((item, index) => (
          <li
            key={item}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            // Keep focus in the input: the click applies the value, then blur finds nothing new.
            // Long values (repository paths, pool label lists) wrap: their distinguishing end stays visible.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => commit(item)}
            className={`cursor-pointer px-2.5 py-2 [overflow-wrap:anywhere] ${index === active ? "bg-accent text-accent-foreground" : "hover:bg-surface-muted"}`}
            title={item}
          >
            {item}
          </li>
        ))}
      </ul>
    </div>
  );
}

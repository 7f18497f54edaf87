"use client";

import {
  useEffect,
  useId,
  useRef,
  useState,
  useSyncExternalStore,
  type InputHTMLAttributes,
  type ReactNode,
} from "react";
import { Search } from "lucide-react";
import { inputClass, labelClass } from "./classes";

/** Delay between the last keystroke and the URL update. */
const DEBOUNCE_MS = 300;

/** Props of {@link FilterForm}. */
export interface FilterFormProps {
  /** Accessible name of the search landmark, e.g. "Filter jobs". */
  label: string;
  children: ReactNode;
}

/** A filter bar: a search landmark that never submits (filters apply as they change). */
export function FilterForm({ label, children }: FilterFormProps) {
  // `data-hydrated` once React owns the inputs: text typed into the server's HTML before that is lost (tests wait for it).
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  return (
    <form
      role="search"
      aria-label={label}
      data-hydrated={hydrated ? "" : undefined}
      onSubmit={(event) => event.preventDefault()}
      className="space-y-3 rounded-xl border border-border bg-surface p-3 shadow-sm sm:p-4"
    >
      {children}
    </form>
  );
}

/** Hydration never changes once done: nothing to subscribe to. */
const noSubscription = () => () => {};

/** Props of {@link FilterField}. */
export interface FilterFieldProps {
  label: string;
  className?: string;
  /** Renders the control, given the id its label points at. */
  children: (id: string) => ReactNode;
}

/** A filter bar cell: a label above its control. */
export function FilterField({ label, className = "min-w-0", children }: FilterFieldProps) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}

/** Props of {@link DebouncedInput}. */
export interface DebouncedInputProps<K extends string> extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "name" | "value" | "onChange" | "onKeyDown"
> {
  name: K;
  /** Current value in the URL. */
  value: string;
  onCommit: (key: K, value: string) => void;
}

/** A text input that commits to the URL after typing pauses (or on Enter), and follows the URL on back/forward. */
export function DebouncedInput<K extends string>({
  name,
  value,
  onCommit,
  ...props
}: DebouncedInputProps<K>) {
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
    <input
      type="text"
      autoComplete="off"
      spellCheck={false}
      {...props}
      name={name}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === "Enter" && draft.trim() !== committed.current) {
          committed.current = draft.trim();
          onCommit(name, draft);
        }
      }}
    />
  );
}

/**
 * The free-text search of a filter bar: a {@link DebouncedInput} of type
 * `search` named `q`, with a magnifier inside its left edge.
 */
export function SearchInput<K extends string>({
  id,
  name,
  value,
  placeholder,
  onCommit,
}: Pick<DebouncedInputProps<K>, "id" | "name" | "value" | "placeholder" | "onCommit">) {
  return (
    <div className="relative">
      <Search
        aria-hidden
        className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted"
      />
      <DebouncedInput
        id={id}
        name={name}
        type="search"
        value={value}
        placeholder={placeholder}
        onCommit={onCommit}
        className={`${inputClass} pl-8`}
      />
    </div>
  );
}

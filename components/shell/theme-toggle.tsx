"use client";

import { useEffect, useSyncExternalStore } from "react";
import { Monitor, Moon, Sun, type LucideIcon } from "lucide-react";
import { THEME_STORAGE_KEY, applyThemePreference, readThemePreference, type ThemePreference } from "./theme";

const CHANGE_EVENT = "runwatch:theme";

function subscribe(listener: () => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key === THEME_STORAGE_KEY) listener();
  };
  window.addEventListener("storage", onStorage);
  window.addEventListener(CHANGE_EVENT, listener);
  return () => {
    window.removeEventListener("storage", onStorage);
    window.removeEventListener(CHANGE_EVENT, listener);
  };
}

const OPTIONS: { value: ThemePreference; label: string; icon: LucideIcon }[] = [
  { value: "light", label: "Light", icon: Sun },
  { value: "dark", label: "Dark", icon: Moon },
  { value: "system", label: "System", icon: Monitor },
];

/** Props of {@link ThemeToggle}. */
export interface ThemeToggleProps {
  /** 40 px buttons, for the phone menu where a finger presses them. */
  large?: boolean;
}

/** Three-way theme switch (light / dark / follow the system), remembered per browser. */
export function ThemeToggle({ large = false }: ThemeToggleProps) {
  const preference = useSyncExternalStore(subscribe, readThemePreference, () => "system" as const);

  useEffect(() => {
    applyThemePreference(preference);
    if (preference !== "system") return;
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const onChange = () => applyThemePreference("system");
    media.addEventListener("change", onChange);
    return () => media.removeEventListener("change", onChange);
  }, [preference]);

  const choose = (value: ThemePreference) => {
    try {
      localStorage.setItem(THEME_STORAGE_KEY, value);
    } catch {
      // Storage can be disabled; the choice then lasts for this page only.
    }
    applyThemePreference(value);
    window.dispatchEvent(new Event(CHANGE_EVENT));
  };

  return (
    <div
      role="group"
      aria-label="Theme"
      className="flex items-center gap-0.5 rounded-lg border border-border bg-surface-muted p-0.5"
    >
      {OPTIONS.map(({ value, label, icon: Icon }) => {
        const selected = preference === value;
        return (
          <button
            key={value}
            type="button"
            aria-pressed={selected}
            title={`${label} theme`}
            onClick={() => choose(value)}
            className={`inline-flex ${large ? "size-10" : "size-7"} items-center justify-center rounded-md transition-colors ${
              selected ? "bg-surface text-foreground shadow-sm" : "text-muted hover:text-foreground"
            }`}
          >
            <Icon aria-hidden className="size-4" />
            <span className="sr-only">{label}</span>
          </button>
        );
      })}
    </div>
  );
}

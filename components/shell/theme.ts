/**
 * Theme preference (light / dark / system), stored in localStorage and applied
 * as the `dark` class on `<html>`. {@link THEME_SCRIPT} runs before first
 * paint; the toggle keeps it in sync afterwards.
 */

/** A user's theme choice. */
export type ThemePreference = "light" | "dark" | "system";

/** localStorage key of the preference. */
export const THEME_STORAGE_KEY = "runwatch-theme";

/** Inline `<head>` script: applies the stored (or system) theme before the page paints. */
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem(${JSON.stringify(
  THEME_STORAGE_KEY,
)});var d=t==="dark"||(t!=="light"&&window.matchMedia("(prefers-color-scheme: dark)").matches);var e=document.documentElement;e.classList.toggle("dark",d);e.style.colorScheme=d?"dark":"light"}catch(_){}})()`;

const isPreference = (value: unknown): value is ThemePreference =>
  value === "light" || value === "dark" || value === "system";

/** The stored preference; `system` when none or storage is unavailable. */
export function readThemePreference(): ThemePreference {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    return isPreference(stored) ? stored : "system";
  } catch {
    return "system";
  }
}

/** Sets the `dark` class and `color-scheme` on `<html>` for a preference. */
export function applyThemePreference(preference: ThemePreference): void {
  const dark =
    preference === "dark" ||
    (preference === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  const root = document.documentElement;
  root.classList.toggle("dark", dark);
  root.style.colorScheme = dark ? "dark" : "light";
}

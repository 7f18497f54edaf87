"use client";

import { useEffect } from "react";
import { applyThemePreference, readThemePreference } from "@/components/shell/theme";

/**
 * Keeps the page's theme following the system while the stored preference is
 * "system". The dashboard's theme toggle does this in its header; the
 * wallboard has no header, and a wall screen left on overnight should follow
 * the system into dark mode too.
 */
export function useFollowTheme(): void {
  useEffect(() => {
    const preference = readThemePreference();
    applyThemePreference(preference);
    if (preference !== "system") return;
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const onChange = () => applyThemePreference("system");
    media.addEventListener("change", onChange);
    return () => media.removeEventListener("change", onChange);
  }, []);
}

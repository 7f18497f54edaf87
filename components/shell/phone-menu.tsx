"use client";

import { Menu, X } from "lucide-react";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { AlertCountBadge, useOpenAlertCount } from "@/components/alerts/alert-live";
import { NavLinks } from "./nav-links";
import { useMe } from "@/components/api/auth-queries";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

/**
 * The navigation of a phone (below `sm`): one 40 px "Menu" button that opens
 * a sheet under the header with every page as a full-width row, who is
 * signed in and the theme switch. A native popover, so Escape and a tap
 * outside close it and focus returns to the button; its content is rendered
 * only while open, so the header's own navigation and user block stay the
 * only ones in the page otherwise. A navigation closes it.
 */
export function PhoneMenu() {
  const sheetId = useId();
  const sheet = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const { isAdmin } = useMe();
  const openAlerts = useOpenAlertCount(isAdmin);

  // Client-side navigation keeps the popover open; the page it leads to should not sit under it.
  useEffect(() => {
    if (sheet.current?.matches(":popover-open")) sheet.current.hidePopover();
  }, [pathname]);

  return (
    <>
      <button
        type="button"
        popoverTarget={sheetId}
        aria-expanded={open}
        aria-controls={sheetId}
        className="inline-flex h-10 min-w-10 items-center justify-center gap-1 rounded-md border border-border-strong bg-surface px-2.5 text-sm font-medium text-foreground hover:bg-surface-muted sm:hidden"
      >
        {open ? <X aria-hidden className="size-5" /> : <Menu aria-hidden className="size-5" />}
        <span>Menu</span>
        <AlertCountBadge count={openAlerts} />
      </button>
      <div
        ref={sheet}
        id={sheetId}
        popover="auto"
        aria-label="Menu"
        onToggle={(event) => setOpen((event.nativeEvent as ToggleEvent).newState === "open")}
        className="fixed inset-x-0 top-14 bottom-auto m-0 max-h-[calc(100dvh-3.5rem)] w-full max-w-none overflow-y-auto border-b border-border bg-surface p-3 text-foreground shadow-lg"
      >
        {open && (
          <div className="space-y-3">
            <nav aria-label="Main">
              <NavLinks layout="sheet" />
            </nav>
            <div className="flex flex-wrap items-center justify-between gap-3 border-t border-border pt-3">
              <UserMenu large />
              <ThemeToggle large />
            </div>
          </div>
        )}
      </div>
    </>
  );
}

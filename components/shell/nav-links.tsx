"use client";

import { ChevronDown } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useId, useRef, useState } from "react";
import { AlertCountBadge, useOpenAlertCount } from "@/components/alerts/alert-live";
import { useMe } from "@/components/api/auth-queries";

/** One entry of the main navigation. */
export interface NavItem {
  href: string;
  label: string;
  /** Shown only to principals holding the admin scope, inside the "Admin" menu. */
  adminOnly?: boolean;
  /** Shown to auditors too: an auditor (without read) sees only these pages, as plain links. */
  auditor?: boolean;
}

/** Every page of the dashboard, in menu order. */
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Live" },
  { href: "/pipelines", label: "Pipelines" },
  { href: "/jobs", label: "Jobs" },
  { href: "/insights", label: "Insights" },
  { href: "/triage", label: "Triage" },
  { href: "/queue", label: "Queue" },
  { href: "/slos", label: "SLOs" },
  { href: "/runners", label: "Runners" },
  { href: "/sources", label: "Sources" },
  { href: "/alerts", label: "Alerts", adminOnly: true },
  { href: "/evidence", label: "Evidence", adminOnly: true, auditor: true },
  { href: "/audit", label: "Audit log", adminOnly: true, auditor: true },
  { href: "/admin", label: "Keys & sessions", adminOnly: true },
];

const isActive = (pathname: string, href: string) =>
  href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);

// Tight below 2xl: with SLOs every item must still fit one row at 1280 px.
const itemClass = (active: boolean) =>
  `inline-flex items-center whitespace-nowrap rounded-md px-1.5 py-1.5 text-sm font-medium 2xl:px-2.5 transition-colors ${
    active ? "bg-surface-muted text-foreground" : "text-muted hover:bg-surface-muted hover:text-foreground"
  }`;

/** Props of {@link AdminMenu}. */
interface AdminMenuProps {
  items: NavItem[];
  pathname: string;
  /** Alerts firing now. */
  openAlerts: number;
}

/**
 * The admin pages behind one "Admin" button, so the bar fits at 1280 px. A
 * native popover: it sits in the top layer (the scrolling nav cannot clip it),
 * and Escape or a click outside closes it, handing focus back to the button.
 */
function AdminMenu({ items, pathname, openAlerts }: AdminMenuProps) {
  const menuId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const active = items.some((item) => isActive(pathname, item.href));

  const place = () => {
    const box = button.current?.getBoundingClientRect();
    if (!box || !menu.current) return;
    menu.current.style.top = `${box.bottom + 6}px`;
    menu.current.style.left = `${Math.max(8, Math.min(box.left, window.innerWidth - 216))}px`;
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        popoverTarget={menuId}
        aria-expanded={open}
        aria-controls={menuId}
        onClick={place}
        className={itemClass(active)}
      >
        Admin
        <AlertCountBadge count={openAlerts} />
        {/* The badge takes the chevron's place, so the button keeps its width at 1280 px. */}
        {openAlerts === 0 && (
          <ChevronDown
            aria-hidden
            className={`ml-0.5 size-3.5 transition-transform ${open ? "rotate-180" : ""}`}
          />
        )}
      </button>
      <div
        ref={menu}
        id={menuId}
        popover="auto"
        onToggle={(event) => setOpen((event.nativeEvent as ToggleEvent).newState === "open")}
        className="fixed inset-auto m-0 w-52 rounded-lg border border-border bg-surface p-1 text-foreground shadow-lg"
      >
        <ul aria-label="Admin pages">
          {items.map((item) => {
            const current = isActive(pathname, item.href);
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  aria-current={current ? "page" : undefined}
                  onClick={() => menu.current?.hidePopover()}
                  className={`${itemClass(current)} flex w-full`}
                >
                  {item.label}
                  {item.href === "/alerts" && <AlertCountBadge count={openAlerts} />}
                </Link>
              </li>
            );
          })}
        </ul>
      </div>
    </>
  );
}

/** Props of {@link NavLinks}. */
export interface NavLinksProps {
  /**
   * `bar` (default): one row, admin pages behind an "Admin" menu. `sheet`: the
   * phone menu, every page a full-width row at least 44 px tall, admin pages
   * listed under their own heading (no nested menu to aim at).
   */
  layout?: "bar" | "sheet";
}

const sheetItemClass = (active: boolean) =>
  `flex min-h-11 w-full items-center rounded-md px-3 text-base font-medium ${
    active ? "bg-surface-muted text-foreground" : "text-muted hover:bg-surface-muted hover:text-foreground"
  }`;

/** The phone menu's list: every page a large row, the admin pages (for admins) under a heading. */
function SheetLinks({
  pathname,
  isAdmin,
  openAlerts,
}: {
  pathname: string;
  isAdmin: boolean;
  openAlerts: number;
}) {
  const row = (item: NavItem) => {
    const active = isActive(pathname, item.href);
    return (
      <li key={item.href}>
        <Link href={item.href} aria-current={active ? "page" : undefined} className={sheetItemClass(active)}>
          {item.label}
          {item.href === "/alerts" && <AlertCountBadge count={openAlerts} />}
        </Link>
      </li>
    );
  };
  return (
    <div className="grid grid-cols-2 gap-x-2">
      <ul className="space-y-0.5">{NAV_ITEMS.filter((item) => !item.adminOnly).map(row)}</ul>
      {isAdmin && (
        <div>
          <p className="px-3 pb-1 pt-2 text-xs font-medium uppercase tracking-wide text-muted">Admin</p>
          <ul className="space-y-0.5">{NAV_ITEMS.filter((item) => item.adminOnly).map(row)}</ul>
        </div>
      )}
    </div>
  );
}

/**
 * Main navigation with the current section marked `aria-current="page"`.
 * Admins get an "Admin" menu (Alerts, with the count of alerts firing now,
 * kept live; the audit log; keys and sessions).
 */
export function NavLinks({ layout = "bar" }: NavLinksProps) {
  const pathname = usePathname();
  const { me, isAdmin, isAuditor } = useMe();
  const openAlerts = useOpenAlertCount(isAdmin);
  const adminItems = NAV_ITEMS.filter((item) => item.adminOnly);
  // An auditor who cannot read sees only the pages it may open.
  if (isAuditor && !isAdmin && !me?.principal?.scopes.includes("read")) {
    const items = NAV_ITEMS.filter((item) => item.auditor);
    const sheet = layout === "sheet";
    return (
      <ul className={sheet ? "space-y-0.5" : "flex items-center gap-0.5"}>
        {items.map((item) => {
          const active = isActive(pathname, item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={sheet ? sheetItemClass(active) : itemClass(active)}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    );
  }
  if (layout === "sheet") return <SheetLinks pathname={pathname} isAdmin={isAdmin} openAlerts={openAlerts} />;
  return (
    <ul className="flex items-center 2xl:gap-0.5">
      {NAV_ITEMS.filter((item) => !item.adminOnly).map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <li key={item.href}>
            <Link href={item.href} aria-current={active ? "page" : undefined} className={itemClass(active)}>
              {item.label}
            </Link>
          </li>
        );
      })}
      {isAdmin && (
        <li>
          <AdminMenu items={adminItems} pathname={pathname} openAlerts={openAlerts} />
        </li>
      )}
    </ul>
  );
}

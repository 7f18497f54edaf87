"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useMe } from "./auth-queries";

/** One entry of the main navigation. */
export interface NavItem {
  href: string;
  label: string;
  /** Shown only to principals holding the admin scope. */
  adminOnly?: boolean;
}

/** Pages that exist today; Alerts joins here. */
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Live" },
  { href: "/pipelines", label: "Pipelines" },
  { href: "/jobs", label: "Jobs" },
  { href: "/insights", label: "Insights" },
  { href: "/triage", label: "Triage" },
  { href: "/queue", label: "Queue" },
  { href: "/runners", label: "Runners" },
  { href: "/sources", label: "Sources" },
  { href: "/audit", label: "Audit", adminOnly: true },
  { href: "/admin", label: "Admin", adminOnly: true },
];

const isActive = (pathname: string, href: string) =>
  href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);

/** Main navigation with the current section marked `aria-current="page"`; admin pages only for admins. */
export function NavLinks() {
  const pathname = usePathname();
  const { isAdmin } = useMe();
  return (
    <ul className="flex items-center gap-1">
      {NAV_ITEMS.filter((item) => isAdmin || !item.adminOnly).map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={`whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors ${
                active
                  ? "bg-surface-muted text-foreground"
                  : "text-muted hover:bg-surface-muted hover:text-foreground"
              }`}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** One entry of the main navigation. */
export interface NavItem {
  href: string;
  label: string;
}

/** Pages that exist today; Pipelines, Runners, Insights, Queue, Triage, Alerts and Audit join here. */
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Live" },
  { href: "/jobs", label: "Jobs" },
];

const isActive = (pathname: string, href: string) =>
  href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);

/** Main navigation with the current section marked `aria-current="page"`. */
export function NavLinks() {
  const pathname = usePathname();
  return (
    <ul className="flex items-center gap-1">
      {NAV_ITEMS.map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={`rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors ${
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

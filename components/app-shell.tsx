import Link from "next/link";
import type { ReactNode } from "react";
import { ConnectionIndicator } from "./connection-indicator";
import { NavLinks } from "./nav-links";
import { ThemeToggle } from "./theme-toggle";

/** Props of {@link AppShell}. */
export interface AppShellProps {
  children: ReactNode;
}

function Logo() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden className="size-6 text-accent">
      <rect x="1" y="1" width="22" height="22" rx="6" className="fill-current" />
      <path
        d="M5 13h3l2-5 3 9 2-4h4"
        fill="none"
        stroke="white"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        className="dark:stroke-[oklch(0.16_0.012_265)]"
      />
    </svg>
  );
}

/** The dashboard frame: skip link, header (brand, navigation, live status, theme) and main landmark. */
export function AppShell({ children }: AppShellProps) {
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-surface focus:px-3 focus:py-2 focus:text-sm focus:shadow"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-border bg-surface/85 backdrop-blur supports-[backdrop-filter]:bg-surface/70">
        <div className="mx-auto flex h-14 max-w-screen-2xl items-center gap-3 px-3 sm:gap-6 sm:px-6">
          <Link href="/" className="flex items-center gap-2 rounded-md font-semibold tracking-tight">
            <Logo />
            <span className="max-[360px]:sr-only">Runwatch</span>
          </Link>
          <nav aria-label="Main" className="min-w-0 flex-1 overflow-x-auto">
            <NavLinks />
          </nav>
          <div className="flex shrink-0 items-center gap-2">
            <ConnectionIndicator />
            <ThemeToggle />
          </div>
        </div>
      </header>
      <main
        id="main"
        tabIndex={-1}
        className="mx-auto w-full max-w-screen-2xl flex-1 px-3 py-5 sm:px-6 sm:py-6"
      >
        {children}
      </main>
    </div>
  );
}

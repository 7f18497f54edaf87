import Link from "next/link";
import type { ReactNode } from "react";
import { AlertLiveProvider } from "@/components/alerts/alert-live";
import { AuthOffBanner } from "@/components/auth/auth-off-banner";
import { ConnectionIndicator } from "@/components/live/connection-indicator";
import { LiveProviders } from "@/components/live/live-providers";
import { Logo } from "./logo";
import { NavLinks } from "./nav-links";
import { PhoneMenu } from "./phone-menu";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

/** Props of {@link AppShell}. */
export interface AppShellProps {
  children: ReactNode;
}

/**
 * The dashboard frame: skip link, the auth-off warning, header (brand,
 * navigation, live status, who is signed in, theme) and main landmark. Owns
 * the live connection, so pages outside it (sign-in) open none.
 */
export function AppShell({ children }: AppShellProps) {
  return (
    <LiveProviders>
      <AlertLiveProvider>
        <div className="flex min-h-dvh flex-col">
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-surface focus:px-3 focus:py-2 focus:text-sm focus:shadow"
          >
            Skip to content
          </a>
          <header className="sticky top-0 z-30 border-b border-border bg-surface/85 backdrop-blur supports-[backdrop-filter]:bg-surface/70">
            <AuthOffBanner />
            <div className="mx-auto flex h-14 max-w-screen-2xl items-center gap-3 px-3 sm:px-6 2xl:gap-6">
              <Link
                href="/"
                className="flex min-h-10 items-center gap-2 rounded-md font-semibold tracking-tight"
              >
                <Logo />
                <span className="max-[360px]:sr-only">Runwatch</span>
              </Link>
              {/* Below `sm` the pages, who is signed in and the theme move into the phone menu. */}
              <nav aria-label="Main" className="min-w-0 flex-1 overflow-x-auto max-sm:hidden">
                <NavLinks />
              </nav>
              <div className="ml-auto flex shrink-0 items-center gap-2">
                <ConnectionIndicator />
                <div className="flex items-center gap-2 max-sm:hidden">
                  <UserMenu />
                  <ThemeToggle />
                </div>
                <PhoneMenu />
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
      </AlertLiveProvider>
    </LiveProviders>
  );
}

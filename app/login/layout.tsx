import type { ReactNode } from "react";
import { AuthOffBanner } from "@/components/auth/auth-off-banner";

/** The sign-in page's own frame: no navigation and no live connection, just a centered card. */
export default function LoginLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <AuthOffBanner />
      <main id="main" className="flex flex-1 items-center justify-center px-4 py-10 sm:py-16">
        {children}
      </main>
    </div>
  );
}

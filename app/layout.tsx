import "@fontsource-variable/inter";
import "./globals.css";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { THEME_SCRIPT } from "@/components/shell/theme";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: { default: "Runwatch", template: "%s · Runwatch" },
  description: "Real-time monitoring for CI runner clusters.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#16181f" },
  ],
};

/**
 * Root document: fonts, theme before first paint, and client providers.
 * Reading the request's CSP nonce (set by the server) renders every page per
 * request, so Next.js can stamp the same nonce on its own scripts.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="font-sans text-sm antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}

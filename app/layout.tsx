import "@fontsource-variable/inter";
import "./globals.css";
import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { THEME_SCRIPT } from "@/components/theme";
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

/** Root document: fonts, theme before first paint, and client providers. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="font-sans text-sm antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}

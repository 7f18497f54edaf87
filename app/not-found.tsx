import type { Metadata } from "next";
import { AppShell } from "@/components/shell/app-shell";
import { NotFoundMessage } from "@/components/shell/not-found-message";

export const metadata: Metadata = { title: "Not found" };

/** 404 for any unknown URL, inside the dashboard shell. */
export default function NotFound() {
  return (
    <AppShell>
      <NotFoundMessage />
    </AppShell>
  );
}

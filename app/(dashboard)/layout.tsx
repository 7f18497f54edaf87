import type { ReactNode } from "react";
import { meQuery } from "@/components/api/auth-queries";
import { Prefetch } from "@/components/api/prefetch";
import { AppShell } from "@/components/shell/app-shell";

/**
 * Shell of every dashboard page. Who is signed in is read on the server, so
 * the header (and the admin pages' gate) render right in the first HTML.
 */
export default function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <Prefetch load={(client) => [client.prefetchQuery(meQuery())]}>
      <AppShell>{children}</AppShell>
    </Prefetch>
  );
}

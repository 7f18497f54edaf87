import type { Metadata } from "next";
import { Suspense } from "react";
import { redirect } from "next/navigation";
import { LiveBoard } from "@/components/live/live-board";
import { TableSkeleton } from "@/components/ui/query-state";

export const metadata: Metadata = { title: "Live" };

/** Props of the Live page: Next.js hands it the query string. */
interface LivePageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/**
 * `/`: jobs in progress and recently finished, live, narrowed by the filters in
 * the query string. `/?kiosk=1` is the wallboard (`/wall`) with the same filters.
 */
export default async function LivePage({ searchParams }: LivePageProps) {
  const params = await searchParams;
  if (params.kiosk !== undefined && params.kiosk !== "0") {
    const rest = new URLSearchParams();
    for (const [key, value] of Object.entries(params))
      if (key !== "kiosk" && typeof value === "string") rest.set(key, value);
    const query = rest.toString();
    redirect(query ? `/wall?${query}` : "/wall");
  }
  return (
    <Suspense fallback={<TableSkeleton label="Loading in-progress jobs" rows={4} />}>
      <LiveBoard />
    </Suspense>
  );
}

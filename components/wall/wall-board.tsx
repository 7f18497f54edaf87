"use client";

import Link from "next/link";
import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { MAX_PAGE_SIZE } from "@/lib/api";
import { jobListQuery } from "@/components/api/job-queries";
import { ConnectionIndicator } from "@/components/live/connection-indicator";
import { liveFilterSearch } from "@/components/live/live-filters";
import { liveFinishedParams } from "@/components/live/live-queries";
import { useActiveJobs } from "@/components/live/use-active-jobs";
import { useLiveFilters } from "@/components/live/use-live-filters";
import { WallTile } from "./wall-tile";
import { buildTiles, gridShape, parseWallBy, tileSpan, type WallBy } from "./wall-tiles";
import { useFollowTheme } from "./use-follow-theme";
import { useViewportSize } from "./use-viewport-size";

const BY_LABELS: Record<WallBy, string> = { repo: "Repositories", pool: "Pools" };

/**
 * The wallboard: a full-screen grid of repositories or runner pools (`?by=`),
 * each coloured by its latest state, broken ones first and twice the size,
 * with Live's filters. Tiles come from the in-progress jobs and the newest
 * {@link MAX_PAGE_SIZE} finished ones, patched live. Reads `useSearchParams`:
 * render inside `<Suspense>`.
 */
export function WallBoard() {
  useFollowTheme();
  const searchParams = useSearchParams();
  const by = parseWallBy(searchParams.get("by"));
  const { filters, jobFilters } = useLiveFilters();
  const { query: active, jobs: activeJobs } = useActiveJobs(jobFilters);
  const finished = useQuery(jobListQuery(liveFinishedParams(jobFilters, MAX_PAGE_SIZE)));
  const tiles = useMemo(
    () => buildTiles(activeJobs, finished.data?.items ?? [], by),
    [activeJobs, finished.data, by],
  );
  const { width, height } = useViewportSize();
  const shape = useMemo(() => gridShape(tiles.map(tileSpan), width, height), [tiles, width, height]);
  const failing = tiles.filter((tile) => tile.tone === "failing").length;

  const filterQuery = liveFilterSearch(filters);
  const hrefBy = (next: WallBy) => {
    const query = new URLSearchParams(filterQuery);
    if (next !== "repo") query.set("by", next);
    const text = query.toString();
    return text ? `/wall?${text}` : "/wall";
  };
  const liveHref = filterQuery.size > 0 ? `/?${filterQuery.toString()}` : "/";
  const loading = active.isPending || finished.isPending;

  return (
    <main
      id="main"
      className="flex h-dvh w-full flex-col gap-1.5 overflow-hidden bg-background p-2 text-foreground"
    >
      <h1 className="sr-only">
        Wallboard: {BY_LABELS[by].toLowerCase()}, {failing} failing
      </h1>
      {tiles.length === 0 ? (
        <div className="flex min-h-0 flex-1 items-center justify-center text-center">
          <p className="text-[clamp(1.25rem,4vmin,3rem)] text-muted" role="status">
            {loading
              ? "Loading…"
              : finished.isError || active.isError
                ? "Could not load jobs; retrying."
                : "No jobs yet. Tiles appear here as jobs are queued."}
          </p>
        </div>
      ) : (
        <ul
          aria-label={BY_LABELS[by]}
          data-testid="wall-grid"
          data-cols={shape.cols}
          className="grid min-h-0 flex-1 gap-2"
          style={{
            gridTemplateColumns: `repeat(${shape.cols}, minmax(0, 1fr))`,
            gridAutoRows: "minmax(0, 1fr)",
            gridAutoFlow: "dense",
          }}
        >
          {tiles.map((tile) => (
            <WallTile key={tile.key} tile={tile} />
          ))}
        </ul>
      )}
      {/* The only chrome: one thin line under the grid to switch grouping, leave, and see the connection. */}
      <nav aria-label="Wallboard" className="flex shrink-0 items-center justify-end gap-2 text-xs">
        <ConnectionIndicator />
        {(["repo", "pool"] as const).map((option) => (
          <Link
            key={option}
            href={hrefBy(option)}
            aria-current={option === by ? "page" : undefined}
            className="rounded-full px-2 py-1 font-medium text-muted hover:text-foreground aria-[current=page]:bg-surface-muted aria-[current=page]:text-foreground"
          >
            {BY_LABELS[option]}
          </Link>
        ))}
        <Link href={liveHref} className="rounded-full px-2 py-1 font-medium text-muted hover:text-foreground">
          Exit
        </Link>
      </nav>
    </main>
  );
}

"use client";

import { memo, type CSSProperties } from "react";
import { CircleCheck, CircleDashed, CircleX, LoaderCircle, type LucideIcon } from "lucide-react";
import { RelativeTime } from "@/components/jobs/job-timing";
import { tileSpan, type WallTile as Tile, type WallTone } from "./wall-tiles";

const TONES: Record<WallTone, { label: string; icon: LucideIcon; className: string }> = {
  // Deep fills with white text: AA contrast in both themes, and legible from across a room.
  failing: { label: "Failing", icon: CircleX, className: "bg-red-700 text-white dark:bg-red-800" },
  running: { label: "Building", icon: LoaderCircle, className: "bg-sky-700 text-white dark:bg-sky-800" },
  passing: {
    label: "Passing",
    icon: CircleCheck,
    className: "bg-emerald-700 text-white dark:bg-emerald-800",
  },
  neutral: {
    label: "No outcome yet",
    icon: CircleDashed,
    className: "bg-zinc-200 text-zinc-900 dark:bg-zinc-700 dark:text-zinc-50",
  },
};

/** Props of {@link WallTile}. */
export interface WallTileProps {
  tile: Tile;
}

/**
 * One tile: the repository or pool in big type, its state in words and icon
 * (colour is never the only signal), what is broken and what is building.
 * Type scales with the tile (container query units), so any grid stays readable.
 */
export const WallTile = memo(function WallTile({ tile }: WallTileProps) {
  const tone = TONES[tile.tone];
  const Icon = tone.icon;
  const span = tileSpan(tile);
  const style: CSSProperties = {
    gridColumn: `span ${span}`,
    gridRow: `span ${span}`,
    containerType: "size",
  };
  const activity = [
    tile.running > 0 ? `${tile.running} running` : null,
    tile.queued > 0 ? `${tile.queued} queued` : null,
  ].filter(Boolean);
  return (
    <li
      data-testid="wall-tile"
      data-key={tile.key}
      data-tone={tile.tone}
      style={style}
      className={`min-h-0 min-w-0 overflow-hidden rounded-xl ${tone.className}`}
    >
      <div className="flex h-full flex-col justify-between gap-[3cqmin] p-[6cqmin]">
        <h2
          className="line-clamp-2 break-words font-semibold leading-tight"
          style={{ fontSize: "clamp(0.875rem, 15cqmin, 9rem)" }}
        >
          {tile.key}
        </h2>
        <div className="min-w-0 space-y-[2cqmin]" style={{ fontSize: "clamp(0.75rem, 8cqmin, 4.5rem)" }}>
          <p className="flex min-w-0 items-center gap-[0.3em] font-medium">
            <Icon
              aria-hidden
              className={`size-[1.1em] shrink-0 ${tile.tone === "running" ? "animate-spin" : ""}`}
            />
            <span className="truncate">
              {tone.label}
              {tile.failing.length > 0 && `: ${tile.failing.join(", ")}`}
            </span>
          </p>
          {(activity.length > 0 || tile.last) && (
            <p className="truncate opacity-90" style={{ fontSize: "0.7em" }}>
              {activity.length > 0 ? activity.join(" · ") : null}
              {activity.length > 0 && tile.last ? " · " : null}
              {tile.last && (
                <>
                  last finished <RelativeTime iso={tile.last.finishedAt} />
                  {tile.brokenBy ? ` · broken by ${tile.brokenBy}` : null}
                </>
              )}
            </p>
          )}
        </div>
      </div>
    </li>
  );
});

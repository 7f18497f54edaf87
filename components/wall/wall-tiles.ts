/**
 * The wallboard's model, pure: jobs grouped into tiles (one per repository or
 * runner pool), each with the state a room should see from afar, ordered
 * broken first; and the grid shape that fills a screen with them.
 */
import type { Job } from "@/lib/job";
import { poolOf } from "@/lib/runner";

/** What a tile stands for: `?by=repo` (default) or `?by=pool`. */
export const WALL_GROUPINGS = ["repo", "pool"] as const;

/** One of {@link WALL_GROUPINGS}. */
export type WallBy = (typeof WALL_GROUPINGS)[number];

/** Reads `by` from a query string value; anything else is `repo`. */
export function parseWallBy(value: string | null | undefined): WallBy {
  return value === "pool" ? "pool" : "repo";
}

/**
 * A tile's colour, most urgent first: `failing` (a job's latest outcome is a
 * failure or a time-out), `running` (nothing failing, something building),
 * `passing` (latest outcomes include a success), `neutral` (only queued,
 * cancelled or skipped jobs: nothing decided).
 */
export type WallTone = "failing" | "running" | "passing" | "neutral";

/** One tile of the wallboard. */
export interface WallTile {
  /** The repository or pool. */
  key: string;
  tone: WallTone;
  /** Jobs running now. */
  running: number;
  /** Jobs queued or waiting now. */
  queued: number;
  /** Names of the jobs whose latest outcome failed, newest failure first. */
  failing: string[];
  /** Who triggered the newest failing job (`Job.author`), when known. */
  brokenBy: string | null;
  /** The newest finished job of the tile (what it last did). */
  last: Job | null;
  /** Newest activity (ms): the later of its newest finish and its newest start or queue time. */
  activityAt: number;
}

/** The tile a job belongs to. */
export function tileKeyOf(job: Job, by: WallBy): string {
  return by === "pool" ? poolOf(job.runner.labels, job.runner.group) : job.repo;
}

/** Which runs of the same job supersede each other: same repository, workflow, job name and branch. */
const jobKey = (job: Job) => `${job.repo}\u0000${job.workflow}\u0000${job.name}\u0000${job.branch ?? ""}`;

const ms = (iso: string | null) => (iso === null ? Number.NEGATIVE_INFINITY : Date.parse(iso));

const TONE_RANK: Record<WallTone, number> = { failing: 0, running: 1, passing: 2, neutral: 3 };

interface Acc {
  running: number;
  queued: number;
  /** Latest finished job per job key. */
  latest: Map<string, Job>;
  last: Job | null;
  activityAt: number;
}

/**
 * The tiles for these jobs. `active` are jobs in progress; `finished` are
 * finished jobs in any order. A job's latest finished run decides whether it is
 * broken: a later success on the same workflow, name and branch mends it, and
 * a cancelled or skipped run is not an outcome (it neither breaks nor mends).
 * Ordered failing, running, passing, neutral; within each, most failing jobs
 * first, then newest activity, then key.
 */
export function buildTiles(active: readonly Job[], finished: readonly Job[], by: WallBy): WallTile[] {
  const groups = new Map<string, Acc>();
  const acc = (key: string) => {
    let group = groups.get(key);
    if (!group) {
      group = { running: 0, queued: 0, latest: new Map(), last: null, activityAt: Number.NEGATIVE_INFINITY };
      groups.set(key, group);
    }
    return group;
  };
  for (const job of active) {
    const group = acc(tileKeyOf(job, by));
    if (job.status === "running") group.running++;
    else group.queued++;
    group.activityAt = Math.max(group.activityAt, ms(job.startedAt ?? job.queuedAt));
  }
  for (const job of finished) {
    const group = acc(tileKeyOf(job, by));
    const at = ms(job.finishedAt);
    group.activityAt = Math.max(group.activityAt, at);
    if (!group.last || at > ms(group.last.finishedAt)) group.last = job;
    if (job.status === "cancelled" || job.status === "skipped") continue;
    const key = jobKey(job);
    const seen = group.latest.get(key);
    if (!seen || at > ms(seen.finishedAt)) group.latest.set(key, job);
  }
  const tiles: WallTile[] = [];
  for (const [key, group] of groups) {
    const outcomes = [...group.latest.values()];
    const failed = outcomes
      .filter((job) => job.status === "failure" || job.status === "timed_out")
      .sort((a, b) => ms(b.finishedAt) - ms(a.finishedAt));
    const tone: WallTone =
      failed.length > 0
        ? "failing"
        : group.running > 0
          ? "running"
          : outcomes.some((job) => job.status === "success")
            ? "passing"
            : "neutral";
    tiles.push({
      key,
      tone,
      running: group.running,
      queued: group.queued,
      failing: [...new Set(failed.map((job) => job.name))],
      brokenBy: failed[0]?.author ?? null,
      last: group.last,
      activityAt: group.activityAt,
    });
  }
  return tiles.sort(
    (a, b) =>
      TONE_RANK[a.tone] - TONE_RANK[b.tone] ||
      b.failing.length - a.failing.length ||
      b.activityAt - a.activityAt ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** Grid cells a tile covers on each side: a failing tile is twice as wide and twice as tall. */
export const tileSpan = (tile: Pick<WallTile, "tone">): 1 | 2 => (tile.tone === "failing" ? 2 : 1);

/** Columns and rows of the wallboard grid. */
export interface GridShape {
  cols: number;
  rows: number;
}

/** Width over height a tile reads best at (a name on one line, a status under it). */
const TILE_ASPECT = 1.6;

/**
 * Rows a grid of `cols` columns needs for `big` 2×2 tiles placed first (pairs of
 * columns side by side) and `small` 1×1 tiles filling the gaps, then rows of
 * their own: how CSS grid's dense flow packs them in that order.
 */
export function rowsNeeded(cols: number, big: number, small: number): number {
  const pairs = Math.floor(cols / 2);
  const bigRows = big > 0 ? 2 * Math.ceil(big / pairs) : 0;
  const gaps = bigRows * cols - 4 * big;
  return bigRows + Math.ceil(Math.max(0, small - gaps) / cols);
}

/**
 * The grid that shows every tile as large as it can on a `width` × `height`
 * screen: tries every column count and keeps the one whose cells, scaled to
 * {@link TILE_ASPECT}, are largest. Failing tiles (span 2) need 2 columns.
 */
export function gridShape(spans: readonly (1 | 2)[], width: number, height: number): GridShape {
  if (spans.length === 0 || width <= 0 || height <= 0) return { cols: 1, rows: 1 };
  const big = spans.filter((span) => span === 2).length;
  const small = spans.length - big;
  const minCols = big > 0 ? 2 : 1;
  let best: GridShape = { cols: minCols, rows: rowsNeeded(minCols, big, small) };
  let bestSize = 0;
  for (let cols = minCols; cols <= Math.max(minCols, 2 * big + small); cols++) {
    const rows = rowsNeeded(cols, big, small);
    const size = Math.min(width / cols / TILE_ASPECT, height / rows);
    if (size > bestSize) {
      bestSize = size;
      best = { cols, rows };
    }
  }
  return best;
}

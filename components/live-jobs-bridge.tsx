"use client";

import { useLiveJobs } from "./use-live-jobs";
import { useLiveRunners } from "./use-live-runners";
import { useLiveRuns } from "./use-live-runs";
import { useLiveSources } from "./use-live-sources";

/** Renders nothing; mounts the live hooks (jobs, runs, runners, sources) once for the whole app. */
export function LiveJobsBridge() {
  useLiveJobs();
  useLiveRuns();
  useLiveRunners();
  useLiveSources();
  return null;
}

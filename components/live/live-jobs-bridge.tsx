"use client";

import { useLiveJobs } from "@/components/jobs/use-live-jobs";
import { useLiveRunners } from "@/components/runners/use-live-runners";
import { useLiveRuns } from "@/components/runs/use-live-runs";
import { useLiveSources } from "@/components/sources/use-live-sources";

/** Renders nothing; mounts the live hooks (jobs, runs, runners, sources) once for the whole app. */
export function LiveJobsBridge() {
  useLiveJobs();
  useLiveRuns();
  useLiveRunners();
  useLiveSources();
  return null;
}

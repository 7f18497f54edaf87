"use client";

import { useLiveJobs } from "./use-live-jobs";

/** Renders nothing; mounts {@link useLiveJobs} once for the whole app. */
export function LiveJobsBridge() {
  useLiveJobs();
  return null;
}

import type { Metadata } from "next";
import { ACTIVE_PARAMS, RECENT_PARAMS, jobListQuery } from "@/components/api/job-queries";
import { Prefetch } from "@/components/api/prefetch";
import { LiveBoard } from "@/components/live/live-board";

export const metadata: Metadata = { title: "Live" };

/** `/`: jobs in progress and recently finished, live; both lists' first rows rendered on the server. */
export default function LivePage() {
  return (
    <Prefetch
      load={(client) => [
        client.prefetchQuery(jobListQuery(ACTIVE_PARAMS)),
        client.prefetchQuery(jobListQuery(RECENT_PARAMS)),
      ]}
    >
      <LiveBoard />
    </Prefetch>
  );
}

import type { Metadata } from "next";
import { LiveBoard } from "@/components/live/live-board";

export const metadata: Metadata = { title: "Live" };

/** `/`: jobs in progress and recently finished, live. */
export default function LivePage() {
  return <LiveBoard />;
}

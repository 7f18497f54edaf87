import type { ReactNode } from "react";
import { LiveProviders } from "@/components/live/live-providers";

/**
 * The wallboard's frame: the live connection (reconnecting forever, since a
 * wall screen has no one to press reload) and no dashboard chrome.
 */
export default function WallLayout({ children }: { children: ReactNode }) {
  return <LiveProviders persistent>{children}</LiveProviders>;
}

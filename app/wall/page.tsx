import type { Metadata } from "next";
import { Suspense } from "react";
import { WallBoard } from "@/components/wall/wall-board";

export const metadata: Metadata = { title: "Wallboard" };

/**
 * `/wall`: the wallboard, a full-screen grid of repositories (`?by=repo`) or
 * runner pools (`?by=pool`) for a wall screen, with Live's filters
 * (`repo`, `branch`, `author`, `mine`, `source`, `pool`). Also `/?kiosk=1`.
 */
export default function WallPage() {
  return (
    <Suspense fallback={<main id="main" className="h-dvh" aria-busy="true" />}>
      <WallBoard />
    </Suspense>
  );
}

"use client";

import Link from "next/link";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { Diagnosis } from "@/lib/stall";
import { queueQuery } from "@/components/api/metrics-queries";
import { DiagnosisList, useLiveDiagnoses } from "@/components/queue/diagnosis-list";
import { linkClass } from "@/components/ui/classes";

/**
 * The Live page header's stall radar: every active diagnosis, first from the
 * Queue metrics, then as `diagnoses:updated` tells. Nothing when all is well.
 */
export function LiveDiagnoses() {
  const queue = useQuery(queueQuery({ window: "24h" }));
  const [live, setLive] = useState<Diagnosis[] | null>(null);
  useLiveDiagnoses(setLive);
  const diagnoses = live ?? queue.data?.diagnoses ?? [];
  if (diagnoses.length === 0) return null;
  return (
    <section
      aria-labelledby="live-diagnoses-heading"
      data-testid="live-diagnoses"
      className="rounded-xl border border-red-500/60 bg-surface px-4 py-3 shadow-sm"
    >
      <h2 id="live-diagnoses-heading" className="mb-2 text-sm font-semibold">
        Stall radar: {diagnoses.length} active{" "}
        <Link href="/queue" className={`${linkClass} text-xs font-normal`}>
          Open the queue
        </Link>
      </h2>
      <DiagnosisList diagnoses={diagnoses} withSubject />
    </section>
  );
}

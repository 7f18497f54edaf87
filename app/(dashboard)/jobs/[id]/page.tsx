import type { Metadata } from "next";
import { JobDetail } from "@/components/jobs/job-detail";

/** Props of the job detail route. */
export interface JobPageProps {
  params: Promise<{ id: string }>;
}

/** Route params can arrive still percent-encoded (`github%3A1`); decode once, tolerating bad escapes. */
function decodeId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: JobPageProps): Promise<Metadata> {
  const { id } = await params;
  return { title: `Job ${decodeId(id)}` };
}

/** `/jobs/:id`: one job, live. */
export default async function JobPage({ params }: JobPageProps) {
  const { id } = await params;
  return <JobDetail id={decodeId(id)} />;
}

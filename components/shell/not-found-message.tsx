import Link from "next/link";
import { FileQuestion } from "lucide-react";

/** Body of a 404 page. */
export function NotFoundMessage() {
  return (
    <div className="mx-auto max-w-lg rounded-xl border border-border bg-surface p-6 text-center shadow-sm">
      <FileQuestion aria-hidden className="mx-auto mb-3 size-8 text-muted" />
      <h1 className="text-lg font-semibold">Page not found</h1>
      <p className="mt-1 text-sm text-muted">There is nothing at this address.</p>
      <div className="mt-4 flex justify-center gap-2">
        <Link
          href="/"
          className="inline-flex h-8 items-center rounded-md bg-accent px-3 text-sm font-medium text-accent-foreground hover:opacity-90"
        >
          Go to Live
        </Link>
        <Link
          href="/jobs"
          className="inline-flex h-8 items-center rounded-md border border-border-strong px-3 text-sm font-medium hover:bg-surface-muted"
        >
          Browse jobs
        </Link>
      </div>
    </div>
  );
}

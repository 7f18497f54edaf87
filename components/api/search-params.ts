/** A page's `searchParams` prop (Next.js) as the `URLSearchParams` the browser's `useSearchParams` gives. */
export type PageSearchParams = Record<string, string | string[] | undefined>;

/**
 * Converts a page's `searchParams` to `URLSearchParams`, keeping repeated
 * keys in order and dropping absent ones, so a server component derives the
 * same filters (and so the same query keys) as its client component will.
 */
export function toSearchParams(record: PageSearchParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(key, one);
  }
  return search;
}

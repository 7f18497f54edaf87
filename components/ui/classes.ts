/**
 * Class names shared by the access-control pages so their buttons, inputs and
 * tables match the rest of the dashboard (the Jobs page's filter bar and table).
 */

// Phones get 40 px targets (`max-sm:`): a finger needs them, a pointer does not.
const button =
  "inline-flex h-8 max-sm:h-10 max-sm:min-w-10 items-center justify-center gap-1.5 whitespace-nowrap rounded-md px-3 text-sm font-medium transition-colors disabled:pointer-events-none disabled:opacity-60";

/** Button looks: `primary` (accent fill), `secondary` (outlined), `danger` (destructive), `ghost` (quiet). */
export const buttonClass = {
  primary: `${button} bg-accent text-accent-foreground shadow-xs hover:opacity-90`,
  secondary: `${button} border border-border-strong bg-surface text-foreground hover:bg-surface-muted`,
  danger: `${button} bg-red-600 text-white shadow-xs hover:bg-red-700 dark:bg-red-500 dark:text-red-950 dark:hover:bg-red-400`,
  dangerOutline: `${button} border border-red-600/30 text-red-700 hover:bg-red-50 dark:border-red-400/30 dark:text-red-300 dark:hover:bg-red-400/10`,
  ghost: `${button} text-muted hover:bg-surface-muted hover:text-foreground`,
} as const;

/** A text, date or select control (the Jobs filter bar's look). */
export const inputClass =
  "h-8 max-sm:h-10 w-full rounded-md border border-border-strong bg-surface px-2.5 text-sm text-foreground placeholder:text-muted/70 shadow-xs focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 aria-[invalid=true]:border-red-500";

/** Label above a control. */
export const labelClass = "mb-1 block text-xs font-medium text-muted";

/** Table header cell. */
export const thClass =
  "px-2 py-2 sm:px-3 text-left text-xs font-medium uppercase tracking-wide text-muted whitespace-nowrap";

/** Table body cell. */
export const tdClass = "px-2 py-2 align-middle sm:px-3";

/** Sticky table head row background. */
export const theadClass = "sticky top-0 z-10 bg-surface-muted shadow-[inset_0_-1px_0_var(--border)]";

/** Inline link. */
export const linkClass = "text-accent underline underline-offset-2 hover:decoration-2";

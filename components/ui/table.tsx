import type { ReactNode, TdHTMLAttributes } from "react";
import { tdClass, thClass, theadClass } from "./classes";

/** Props of {@link Table}. */
export interface TableProps {
  /** Accessible caption (visually hidden). */
  caption: string;
  /** Tailwind min-width class, e.g. `min-w-[32rem]`: below it the table scrolls sideways. */
  minWidthClass: string;
  /** Column widths from the header cells, not the content (`table-fixed`). */
  fixed?: boolean;
  /** Class of the scrolling wrapper; sideways scrolling by default. */
  wrapperClassName?: string;
  /** The header cells ({@link Th}), in one row of a sticky head. */
  head: ReactNode;
  /** The body rows, inside one divided `<tbody>`; with `bodies`, the `<tbody>` elements themselves. */
  children: ReactNode;
  /** The children are `<tbody>` groups (one per expandable item) rather than rows. */
  bodies?: boolean;
  "data-testid"?: string;
}

/**
 * The dashboard's data table: a scrolling wrapper (a labelled, focusable
 * region, so sideways scrolling on a phone is reachable by keyboard), a
 * full-width collapsed table with a hidden caption, a sticky header row and
 * divided body rows.
 */
export function Table({
  caption,
  minWidthClass,
  fixed = false,
  wrapperClassName = "overflow-x-auto",
  head,
  children,
  bodies = false,
  "data-testid": testId,
}: TableProps) {
  return (
    // A named, focusable region: when the table is wider than a phone, keyboard users can scroll it
    // sideways and screen readers announce what the scrolling area holds.
    <div
      role="region"
      aria-label={caption}
      tabIndex={0}
      className={`${wrapperClassName} focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring`}
    >
      <table
        data-testid={testId}
        className={`w-full ${minWidthClass} ${fixed ? "table-fixed " : ""}border-collapse text-sm`}
      >
        <caption className="sr-only">{caption}</caption>
        <thead className={theadClass}>
          <tr>{head}</tr>
        </thead>
        {bodies ? children : <tbody className="divide-y divide-border">{children}</tbody>}
      </table>
    </div>
  );
}

/** Props of {@link Th}. */
export interface ThProps {
  /** Classes added to the header look (width, alignment, breakpoints). */
  className?: string;
  children?: ReactNode;
}

/** A column header cell (`scope="col"`). */
export function Th({ className, children }: ThProps) {
  return (
    <th scope="col" className={className ? `${thClass} ${className}` : thClass}>
      {children}
    </th>
  );
}

/** Props of {@link Td}: a `<td>`'s own attributes, its class added to the cell look. */
export type TdProps = TdHTMLAttributes<HTMLTableCellElement>;

/** A body cell. */
export function Td({ className, ...props }: TdProps) {
  return <td {...props} className={className ? `${tdClass} ${className}` : tdClass} />;
}

"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { LucideIcon } from "lucide-react";
import { Plus } from "lucide-react";
import { Fragment, useState, type ReactNode } from "react";
import { AdminTable } from "@/components/admin/admin-table";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Panel } from "@/components/ui/panel";
import { Td } from "@/components/ui/table";
import { useDeleteConfirm } from "./alert-delete";

/** What a config panel lists: anything with an id and a name. */
export interface ConfigItem {
  id: string;
  name: string;
}

/** Props of {@link ConfigPanel}. */
export interface ConfigPanelProps<T extends ConfigItem> {
  /** Id of the panel's heading, which takes focus when a deleted row's button goes. */
  headingId: string;
  "data-testid": string;
  icon: LucideIcon;
  /** The panel's title, e.g. "Rules". */
  title: string;
  /** The add button's text, e.g. "Add rule". */
  addLabel: string;
  query: UseQueryResult<T[]>;
  /** The table: as {@link AdminTable} takes it, less the query and rows. */
  table: {
    loadingLabel: string;
    skeletonRows: number;
    what: string;
    empty: { title: string; hint: string };
    testId: string;
    minWidthClass: string;
    caption: string;
    columns: readonly string[];
  };
  /** Each row's test id (`rule-row`) and the data attribute carrying the item's id (`data-rule-id`). */
  row: { testId: string; idAttribute: `data-${string}` };
  /** An item's cells, before the actions cell. */
  cells: (item: T) => ReactNode;
  /** Row actions before Edit and Delete (a channel's Send test). */
  actions?: (item: T) => ReactNode;
  /** The create form (`item` undefined) or edit form; `onDone` closes it. */
  form: (item: T | undefined, onDone: () => void) => ReactNode;
  /** Deletes an item (the API call). */
  deleteItem: (item: T) => Promise<unknown>;
  /** The delete confirmation: its title for an item, its button, and what deleting means. */
  confirm: { title: (name: string) => string; label: string; body: ReactNode };
}

/**
 * A panel of the Alerts page's configuration (rules, channels): the list with
 * Edit and Delete per row, an add button, the create/edit form above the list,
 * and deletion behind a confirmation.
 */
export function ConfigPanel<T extends ConfigItem>({
  headingId,
  "data-testid": testId,
  icon: Icon,
  title,
  addLabel,
  query,
  table,
  row,
  cells,
  actions,
  form,
  deleteItem,
  confirm,
}: ConfigPanelProps<T>) {
  const items = query.data ?? [];
  const [editing, setEditing] = useState<T | "new" | null>(null);
  const { target, start, dialog } = useDeleteConfirm(deleteItem, headingId);

  return (
    <Panel
      headingId={headingId}
      data-testid={testId}
      title={
        <>
          <Icon aria-hidden className="size-4 text-muted" />
          {title}
        </>
      }
      actions={
        editing === null ? (
          <Button variant="primary" onClick={() => setEditing("new")}>
            <Plus aria-hidden className="size-4" />
            {addLabel}
          </Button>
        ) : null
      }
    >
      {editing !== null && (
        // Keyed so that switching to another item starts a fresh form.
        <Fragment key={editing === "new" ? "new" : editing.id}>
          {form(editing === "new" ? undefined : editing, () => setEditing(null))}
        </Fragment>
      )}
      <AdminTable
        query={query}
        {...table}
        isEmpty={items.length === 0}
        empty={{ ...table.empty, icon: <Icon className="size-6" aria-hidden /> }}
      >
        {items.map((item) => (
          <tr
            key={item.id}
            data-testid={row.testId}
            {...{ [row.idAttribute]: item.id }}
            className="hover:bg-surface-muted/50"
          >
            {cells(item)}
            <Td className="whitespace-nowrap text-right">
              <div className="inline-flex gap-1.5">
                {actions?.(item)}
                <Button
                  variant="secondary"
                  size="sm"
                  onClick={() => setEditing(item)}
                  aria-label={`Edit ${item.name}`}
                >
                  Edit
                </Button>
                <Button
                  variant="dangerOutline"
                  size="sm"
                  onClick={() => start(item)}
                  aria-label={`Delete ${item.name}`}
                >
                  Delete
                </Button>
              </div>
            </Td>
          </tr>
        ))}
      </AdminTable>
      <ConfirmDialog {...dialog} title={confirm.title(target?.name ?? "")} confirmLabel={confirm.label}>
        {confirm.body}
      </ConfirmDialog>
    </Panel>
  );
}

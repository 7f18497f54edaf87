"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Gauge } from "lucide-react";
import { useState } from "react";
import type { Slo } from "@/lib/slo";
import { useMe } from "@/components/api/auth-queries";
import { deleteSlo, sloKeys, sloListQuery } from "@/components/api/slo-queries";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState, QueryError, TableSkeleton, describeError } from "@/components/ui/query-state";
import { SloCard } from "./slo-card";
import { SloForm } from "./slo-form";

/** Every SLO with its budget, burn rates and consumers; admins create, edit and delete those not from the file. */
export function SloBoard() {
  const query = useQuery(sloListQuery());
  const client = useQueryClient();
  const { isAdmin } = useMe();
  // `null`: no form; `"new"`: creating; an SLO: editing it.
  const [form, setForm] = useState<Slo | "new" | null>(null);
  const [deleting, setDeleting] = useState<Slo | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: sloKeys.all });

  if (query.isPending) return <TableSkeleton label="Loading SLOs" rows={3} />;
  if (query.isError)
    return <QueryError error={query.error} onRetry={() => void query.refetch()} what="SLOs" />;
  const items = query.data.items;

  return (
    <div className="space-y-4">
      {isAdmin && form === null && (
        <div className="flex justify-end">
          <Button variant="primary" onClick={() => setForm("new")}>
            New SLO
          </Button>
        </div>
      )}
      {form !== null && (
        <div className="overflow-hidden rounded-xl border border-border">
          <SloForm
            key={form === "new" ? "new" : form.id}
            editing={form === "new" ? undefined : form}
            onCancel={() => setForm(null)}
            onDone={() => {
              setForm(null);
              void refresh();
            }}
          />
        </div>
      )}
      {items.length === 0 ? (
        <EmptyState icon={<Gauge aria-hidden className="size-6" />} title="No SLOs yet">
          Declare one here, through <code>POST /api/v1/slos</code>, or in a file named by{" "}
          <code>RUNWATCH_SLO_FILE</code>.
        </EmptyState>
      ) : (
        items.map((status) => {
          const editable = isAdmin && status.slo.origin === "api";
          return (
            <SloCard
              key={status.slo.id}
              status={status}
              onEdit={editable ? () => setForm(status.slo) : undefined}
              onDelete={editable ? () => setDeleting(status.slo) : undefined}
            />
          );
        })
      )}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this SLO?"
        confirmLabel="Delete SLO"
        error={deleteError}
        onCancel={() => {
          setDeleting(null);
          setDeleteError(null);
        }}
        onConfirm={() => {
          if (!deleting) return;
          deleteSlo(deleting.id)
            .then(() => {
              setDeleting(null);
              setDeleteError(null);
              return refresh();
            })
            .catch((error: unknown) => setDeleteError(describeError(error)));
        }}
      >
        {deleting?.name} and its budget history view go; open slo_burn alerts for it resolve at the next tick.
      </ConfirmDialog>
    </div>
  );
}

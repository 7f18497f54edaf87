"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { alertKeys } from "@/components/api/alert-queries";
import { authKeys } from "@/components/api/auth-queries";
import { focusIfLost, type ConfirmDialogProps } from "@/components/ui/confirm-dialog";
import { describeError } from "@/components/ui/query-state";

/**
 * Deletion behind a {@link ConfirmDialog}: which item is being deleted, how to
 * start, and the dialog props that cancel or confirm it. Afterwards alerting
 * and the audit log are refreshed and focus goes to `headingId` if it was lost.
 */
export function useDeleteConfirm<T>(deleteFn: (item: T) => Promise<unknown>, headingId: string) {
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<T | null>(null);
  const mutation = useMutation({
    mutationFn: deleteFn,
    onSuccess: async () => {
      setTarget(null);
      void queryClient.invalidateQueries({ queryKey: authKeys.audit });
      await queryClient.invalidateQueries({ queryKey: alertKeys.all });
      focusIfLost(headingId);
    },
  });
  const start = (item: T) => {
    mutation.reset();
    setTarget(item);
  };
  const dialog = {
    open: target !== null,
    pending: mutation.isPending,
    error: mutation.isError ? `Could not delete it. ${describeError(mutation.error)}` : null,
    onCancel: () => setTarget(null),
    onConfirm: () => {
      if (target !== null) mutation.mutate(target);
    },
  } satisfies Partial<ConfirmDialogProps>;
  return { target, start, dialog };
}

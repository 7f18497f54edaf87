"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { LoaderCircle } from "lucide-react";
import { useState, type FormEvent, type ReactNode } from "react";
import { errorField } from "@/components/api/alert-api";
import { authKeys } from "@/components/api/auth-queries";
import { Button } from "@/components/ui/button";
import { describeError } from "@/components/ui/query-state";
import { FormFooter, formCardClass, type FormProblem } from "./alert-form-parts";

/** Options of {@link useConfigForm}. */
export interface ConfigFormOptions<B> {
  /** What is saved, for the missing-name message: "rule" gives "Give the rule a name." */
  noun: string;
  /** Creates or updates the item (the API call). */
  save: (body: B) => Promise<unknown>;
  /** The list the item is in, refreshed (with the audit log) after a save. */
  listKey: QueryKey;
  /** Called once the save succeeded. */
  onDone: () => void;
  /** Turns an error the body's builder throws into the problem to show; null rethrows it. */
  inputProblem?: (error: unknown) => FormProblem | null;
}

/** What {@link useConfigForm} returns. */
export interface ConfigForm<B> {
  /** The problem shown at its field or above the buttons; null when there is none. */
  problem: FormProblem | null;
  pending: boolean;
  /**
   * The form's submit handler: checks the name, builds the body and saves it;
   * the server's 400 becomes the problem at the field it names.
   */
  submit: (name: string, build: () => B) => (event: FormEvent<HTMLFormElement>) => void;
}

/** Save and error handling shared by the alert-rule and channel forms. */
export function useConfigForm<B>({
  noun,
  save,
  listKey,
  onDone,
  inputProblem,
}: ConfigFormOptions<B>): ConfigForm<B> {
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: listKey });
      void queryClient.invalidateQueries({ queryKey: authKeys.audit });
      onDone();
    },
    onError: (error) => setProblem({ message: describeError(error), field: errorField(error) }),
  });

  const submit = (name: string, build: () => B) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(null);
    if (!name.trim()) {
      setProblem({ message: `Give the ${noun} a name.`, field: "name" });
      return;
    }
    try {
      mutation.mutate(build());
    } catch (error) {
      const shown = inputProblem?.(error) ?? null;
      if (shown === null) throw error;
      setProblem(shown);
    }
  };

  return { problem, pending: mutation.isPending, submit };
}

/** Props of {@link ConfigFormCard}. */
export interface ConfigFormCardProps {
  /** Accessible name of the form, e.g. "Create an alert rule". */
  label: string;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  problem: FormProblem | null;
  /** Fields that show their own error; any other field's error shows above the buttons. */
  ownFields: readonly string[];
  pending: boolean;
  /** The submit button's text, e.g. "Save rule". */
  submitLabel: string;
  onCancel: () => void;
  children: ReactNode;
}

/** The form card of a config panel: its fields, then Cancel and a submit button that spins while saving. */
export function ConfigFormCard({
  label,
  onSubmit,
  problem,
  ownFields,
  pending,
  submitLabel,
  onCancel,
  children,
}: ConfigFormCardProps) {
  return (
    <form onSubmit={onSubmit} noValidate aria-label={label} className={formCardClass}>
      {children}
      <FormFooter problem={problem} ownFields={ownFields}>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button variant="primary" type="submit" disabled={pending}>
          {pending && <LoaderCircle aria-hidden className="size-4 animate-spin" />}
          {submitLabel}
        </Button>
      </FormFooter>
    </form>
  );
}

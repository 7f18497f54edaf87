"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleAlert, LoaderCircle } from "lucide-react";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { SCOPES, newApiKeySchema, type CreatedApiKey, type Scope } from "@/lib/auth";
import { createApiKey } from "@/components/api/auth-api";
import { authKeys } from "@/components/api/auth-queries";
import { describeError } from "@/components/ui/query-state";
import { buttonClass, inputClass, labelClass } from "@/components/ui/classes";
import { TeamPicker } from "./team-picker";

/** Props of {@link CreateKeyForm}. */
export interface CreateKeyFormProps {
  /** Receives the new key and its secret; the form keeps neither. */
  onCreated: (created: CreatedApiKey) => void;
  onCancel: () => void;
}

const SCOPE_HELP: Record<Scope, string> = {
  read: "Dashboard sign-in and the read API",
  admin: "Keys, sessions and the audit log (includes read)",
  ingest: "Posting to the generic webhook endpoint",
  auditor: "Read-only evidence and audit log, nothing else",
};

/** Name + scope checkboxes for a new API key, validated with the shared schema before it is sent. */
export function CreateKeyForm({ onCreated, onCancel }: CreateKeyFormProps) {
  const queryClient = useQueryClient();
  const nameId = useId();
  const errorId = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["read"]);
  const [teams, setTeams] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    nameRef.current?.focus();
  }, []);

  const create = useMutation({
    mutationFn: createApiKey,
    // The answer holds the secret: drop it from the mutation cache as soon as nothing watches it.
    gcTime: 0,
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: authKeys.keys });
      void queryClient.invalidateQueries({ queryKey: authKeys.audit });
      onCreated(created);
    },
    onError: (error) => setProblem(describeError(error)),
  });

  const toggle = (scope: Scope) => {
    const next = new Set(scopes);
    if (next.has(scope)) next.delete(scope);
    else next.add(scope);
    setScopes(SCOPES.filter((s) => next.has(s)));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Admin keys are never scoped: their teams would be ignored, so none are sent.
    const scopedTeams = scopes.includes("admin") ? [] : teams;
    const parsed = newApiKeySchema.safeParse({ name, scopes, teams: scopedTeams });
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path[0];
      setProblem(
        field === "scopes"
          ? "Choose at least one scope."
          : "Give the key a name (up to 100 characters), such as who or what will use it.",
      );
      if (field !== "scopes") nameRef.current?.focus();
      return;
    }
    setProblem(null);
    create.mutate(parsed.data);
  };

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Create an API key"
      className="space-y-3 border-b border-border bg-surface-muted/50 px-4 py-4"
    >
      <div className="grid gap-3 md:grid-cols-[minmax(12rem,20rem)_1fr]">
        <div>
          <label htmlFor={nameId} className={labelClass}>
            Name
          </label>
          <input
            ref={nameRef}
            id={nameId}
            name="name"
            type="text"
            autoComplete="off"
            maxLength={100}
            placeholder="ci-bot, grafana, alice"
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={problem && !name.trim() ? true : undefined}
            aria-describedby={problem ? errorId : undefined}
            className={inputClass}
          />
        </div>
        <fieldset>
          <legend className={labelClass}>Scopes</legend>
          <div className="flex flex-wrap gap-x-5 gap-y-2">
            {SCOPES.map((scope) => (
              <label key={scope} className="flex cursor-pointer items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  name="scopes"
                  value={scope}
                  checked={scopes.includes(scope)}
                  onChange={() => toggle(scope)}
                  className="mt-0.5 size-4 accent-[var(--accent)]"
                />
                <span>
                  <span className="font-mono font-medium">{scope}</span>
                  <span className="block text-xs text-muted">{SCOPE_HELP[scope]}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <TeamPicker value={teams} onChange={setTeams} disabled={scopes.includes("admin")} />
      </div>
      {problem && (
        <p
          id={errorId}
          role="alert"
          className="flex items-start gap-2 text-sm text-red-700 dark:text-red-300"
        >
          <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
          {problem}
        </p>
      )}
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" onClick={onCancel} className={buttonClass.ghost}>
          Cancel
        </button>
        <button type="submit" disabled={create.isPending} className={buttonClass.primary}>
          {create.isPending && <LoaderCircle aria-hidden className="size-4 animate-spin" />}
          Create key
        </button>
      </div>
    </form>
  );
}

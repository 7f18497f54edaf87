"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleAlert, LoaderCircle } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
import { teamInputSchema, type Team } from "@/lib/teams";
import { authKeys } from "@/components/api/auth-queries";
import { createTeam, TEAMS_KEY, updateTeam } from "@/components/api/teams-api";
import { describeError } from "@/components/ui/query-state";
import { buttonClass, inputClass, labelClass } from "@/components/ui/classes";

/** Props of {@link TeamForm}. */
export interface TeamFormProps {
  /** The team being edited; absent to create one. */
  team?: Team;
  onDone: () => void;
}

type ListField = "repos" | "sources" | "pools" | "groups";

const FIELDS: { field: ListField; label: string; hint: string; placeholder: string }[] = [
  {
    field: "repos",
    label: "Repositories",
    hint: "One glob a line: acme/payments-*",
    placeholder: "acme/payments-*",
  },
  {
    field: "sources",
    label: "Sources",
    hint: "github, gitlab, buildkite, jenkins, generic",
    placeholder: "github",
  },
  {
    field: "pools",
    label: "Label pools",
    hint: "As Runwatch names pools: linux, x64 or queue=deploy",
    placeholder: "queue=payments",
  },
  {
    field: "groups",
    label: "Identity-provider groups",
    hint: "Members of these groups belong to the team",
    placeholder: "payments-devs",
  },
];

const lines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * Create or edit a team: a name and four lists, one entry a line, validated
 * with the shared schema before it is sent (a job belongs to the team when
 * every kind of glob given matches; see docs/teams.md).
 */
export function TeamForm({ team, onDone }: TeamFormProps) {
  const queryClient = useQueryClient();
  const id = useId();
  const [name, setName] = useState(team?.name ?? "");
  const [lists, setLists] = useState<Record<ListField, string>>({
    repos: team?.repos.join("\n") ?? "",
    sources: team?.sources.join("\n") ?? "",
    pools: team?.pools.join("\n") ?? "",
    groups: team?.groups.join("\n") ?? "",
  });
  const [problem, setProblem] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: (next: Team) => (team ? updateTeam(next) : createTeam(next)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: TEAMS_KEY });
      void queryClient.invalidateQueries({ queryKey: authKeys.audit });
      onDone();
    },
    onError: (error) => setProblem(describeError(error)),
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = teamInputSchema.safeParse({
      name: name.trim(),
      repos: lines(lists.repos),
      sources: lines(lists.sources),
      pools: lines(lists.pools),
      groups: lines(lists.groups),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setProblem(`${String(issue?.path[0] ?? "team")}: ${issue?.message ?? "invalid"}`);
      return;
    }
    setProblem(null);
    save.mutate(parsed.data);
  };

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={team ? `Edit the team ${team.name}` : "Create a team"}
      className="space-y-3 border-b border-border bg-surface-muted/50 px-4 py-4"
    >
      <div className="max-w-xs">
        <label htmlFor={`${id}-name`} className={labelClass}>
          Name
        </label>
        <input
          id={`${id}-name`}
          name="name"
          type="text"
          autoComplete="off"
          maxLength={64}
          placeholder="payments"
          value={name}
          disabled={team !== undefined}
          onChange={(event) => setName(event.target.value)}
          className={inputClass}
        />
      </div>
      <div className="grid gap-3 md:grid-cols-2">
        {FIELDS.map(({ field, label, hint, placeholder }) => (
          <div key={field}>
            <label htmlFor={`${id}-${field}`} className={labelClass}>
              {label}
            </label>
            <textarea
              id={`${id}-${field}`}
              name={field}
              rows={3}
              placeholder={placeholder}
              value={lists[field]}
              onChange={(event) => setLists({ ...lists, [field]: event.target.value })}
              aria-describedby={`${id}-${field}-hint`}
              className={`${inputClass} h-auto py-1.5 font-mono`}
            />
            <p id={`${id}-${field}-hint`} className="mt-1 text-xs text-muted">
              {hint}
            </p>
          </div>
        ))}
      </div>
      {problem && (
        <p role="alert" className="flex items-start gap-2 text-sm text-red-700 dark:text-red-300">
          <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
          {problem}
        </p>
      )}
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" onClick={onDone} className={buttonClass.ghost}>
          Cancel
        </button>
        <button type="submit" disabled={save.isPending} className={buttonClass.primary}>
          {save.isPending && <LoaderCircle aria-hidden className="size-4 animate-spin" />}
          {team ? "Save team" : "Create team"}
        </button>
      </div>
    </form>
  );
}

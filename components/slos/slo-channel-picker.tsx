"use client";

import { useQuery } from "@tanstack/react-query";
import { channelsQuery } from "@/components/api/alert-queries";
import type { FormProblem } from "@/components/alerts/alert-form-parts";
import { CheckGroup } from "@/components/alerts/alert-rule-fields";

/** Props of {@link SloChannelPicker}. */
export interface SloChannelPickerProps {
  /** Channel ids picked. */
  selected: readonly string[];
  onChange: (next: string[]) => void;
  problem: FormProblem | null;
}

/**
 * The alert channels an SLO's slo_burn notices also go to (its owning team's),
 * as checkboxes of the existing channels. A picked id whose channel was deleted
 * since stays listed (by id) so saving does not silently drop it.
 */
export function SloChannelPicker({ selected, onChange, problem }: SloChannelPickerProps) {
  const channels = useQuery(channelsQuery());
  const known = channels.data ?? [];
  const gone = selected.filter((id) => !known.some((c) => c.id === id));
  const options = [
    ...known.map((c) => ({ value: c.id, label: c.name, hint: c.kind })),
    ...gone.map((id) => ({ value: id, label: id, hint: "deleted channel" })),
  ];
  if (channels.isPending) return <p className="text-sm text-muted">Loading channels…</p>;
  if (options.length === 0) {
    return (
      <p className="text-sm text-muted">
        No alert channels yet: an slo_burn rule&apos;s own channels are notified.
      </p>
    );
  }
  return (
    <CheckGroup
      legend="Also notify (besides the slo_burn rule's channels)"
      field="channels"
      options={options}
      selected={selected}
      onChange={onChange}
      problem={problem}
    />
  );
}

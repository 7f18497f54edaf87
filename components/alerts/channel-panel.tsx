"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { CircleCheck, CircleX, LoaderCircle, Megaphone, Plus, Send } from "lucide-react";
import { useState } from "react";
import type { Channel } from "@/lib/alerts";
import { deleteChannel, testChannel, type ChannelTestResult } from "@/components/api/alert-api";
import { useDeleteConfirm } from "./alert-delete";
import { channelsQuery } from "@/components/api/alert-queries";
import { AdminTable } from "@/components/admin/admin-table";
import { CHANNEL_KIND_LABELS, ChannelForm } from "./channel-form";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Panel, describeError } from "@/components/ui/query-state";
import { buttonClass, tdClass } from "@/components/ui/classes";

const HEADING_ID = "alerts-channels-heading";
const COLUMNS = ["Name", "Kind", "Destination", "Signed", "Last test"] as const;
const smallButton = "h-7 px-2.5 text-xs";

/** The "Last test" cell: nothing yet, sending, or what the receiver said. */
function TestOutcome({ result }: { result: ChannelTestResult | "pending" | { failed: string } | undefined }) {
  if (result === undefined) return <span className="text-muted">—</span>;
  if (result === "pending") {
    return (
      <span className="inline-flex items-center gap-1 text-muted">
        <LoaderCircle aria-hidden className="size-3.5 animate-spin" />
        Sending…
      </span>
    );
  }
  const ok = "ok" in result && result.ok;
  const text = ok
    ? `Delivered${result.status ? ` (${result.status})` : ""}`
    : "failed" in result
      ? result.failed
      : `Failed${result.status ? ` (${result.status})` : ""}: ${result.error ?? "no answer"}`;
  const Icon = ok ? CircleCheck : CircleX;
  return (
    <span
      data-testid="channel-test-result"
      data-ok={ok}
      className={`inline-flex items-start gap-1 ${ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}
    >
      <Icon aria-hidden className="mt-0.5 size-3.5 shrink-0" />
      <span className="break-words">{text}</span>
    </span>
  );
}

/** The Alerts page's "Channels" panel: where alerts go, with a test send per channel. */
export function ChannelPanel() {
  const query = useQuery(channelsQuery());
  const channels = query.data ?? [];
  const [editing, setEditing] = useState<Channel | "new" | null>(null);
  const [results, setResults] = useState<Record<string, ChannelTestResult | "pending" | { failed: string }>>(
    {},
  );
  const { target, start, dialog } = useDeleteConfirm(
    (channel: Channel) => deleteChannel(channel.id),
    HEADING_ID,
  );

  const test = useMutation({
    mutationFn: (channel: Channel) => testChannel(channel.id),
    onMutate: (channel) => setResults((r) => ({ ...r, [channel.id]: "pending" })),
    onSuccess: (result, channel) => setResults((r) => ({ ...r, [channel.id]: result })),
    onError: (error, channel) =>
      setResults((r) => ({ ...r, [channel.id]: { failed: describeError(error) } })),
  });

  return (
    <Panel
      headingId={HEADING_ID}
      data-testid="channels-panel"
      title={
        <>
          <Megaphone aria-hidden className="size-4 text-muted" />
          Channels
        </>
      }
      actions={
        editing === null ? (
          <button type="button" onClick={() => setEditing("new")} className={buttonClass.primary}>
            <Plus aria-hidden className="size-4" />
            Add channel
          </button>
        ) : null
      }
    >
      {editing !== null && (
        <ChannelForm
          key={editing === "new" ? "new" : editing.id}
          channel={editing === "new" ? undefined : editing}
          onDone={() => setEditing(null)}
        />
      )}
      <AdminTable
        query={query}
        loadingLabel="Loading channels"
        skeletonRows={2}
        what="channels"
        isEmpty={channels.length === 0}
        empty={{
          icon: <Megaphone className="size-6" aria-hidden />,
          title: "No channels yet",
          hint: "Add a Slack, Teams, Discord, email or webhook channel, then point rules at it.",
        }}
        testId="channels-table"
        minWidthClass="min-w-[48rem]"
        caption="Alert channels"
        columns={COLUMNS}
      >
        {channels.map((channel) => (
          <tr
            key={channel.id}
            data-testid="channel-row"
            data-channel-id={channel.id}
            className="hover:bg-surface-muted/50"
          >
            <td className={`${tdClass} font-medium`}>{channel.name}</td>
            <td className={`${tdClass} whitespace-nowrap`}>{CHANNEL_KIND_LABELS[channel.kind]}</td>
            <td className={`${tdClass} max-w-72 break-all font-mono text-xs`}>
              {channel.url ?? channel.to?.join(", ") ?? "—"}
            </td>
            <td className={`${tdClass} whitespace-nowrap text-muted`}>
              {channel.kind === "webhook" ? (channel.hasSecret ? "Yes (secret set)" : "No") : "—"}
            </td>
            <td className={`${tdClass} max-w-80 text-xs`} aria-live="polite">
              <TestOutcome result={results[channel.id]} />
            </td>
            <td className={`${tdClass} whitespace-nowrap text-right`}>
              <div className="inline-flex gap-1.5">
                <button
                  type="button"
                  onClick={() => test.mutate(channel)}
                  disabled={results[channel.id] === "pending"}
                  aria-label={`Send a test to ${channel.name}`}
                  className={`${buttonClass.secondary} ${smallButton}`}
                >
                  <Send aria-hidden className="size-3.5" />
                  Send test
                </button>
                <button
                  type="button"
                  onClick={() => setEditing(channel)}
                  aria-label={`Edit ${channel.name}`}
                  className={`${buttonClass.secondary} ${smallButton}`}
                >
                  Edit
                </button>
                <button
                  type="button"
                  onClick={() => start(channel)}
                  aria-label={`Delete ${channel.name}`}
                  className={`${buttonClass.dangerOutline} ${smallButton}`}
                >
                  Delete
                </button>
              </div>
            </td>
          </tr>
        ))}
      </AdminTable>
      <ConfirmDialog
        {...dialog}
        title={`Delete the channel "${target?.name ?? ""}"?`}
        confirmLabel="Delete channel"
      >
        <p>Rules that send to it skip it from now on. Past deliveries stay in the alert history.</p>
      </ConfirmDialog>
    </Panel>
  );
}

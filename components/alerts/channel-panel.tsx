"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { CircleCheck, CircleX, LoaderCircle, Megaphone, Send } from "lucide-react";
import { useState } from "react";
import type { Channel } from "@/lib/alerts";
import { deleteChannel, testChannel, type ChannelTestResult } from "@/components/api/alert-api";
import { channelsQuery } from "@/components/api/alert-queries";
import { Button } from "@/components/ui/button";
import { describeError } from "@/components/ui/query-state";
import { Td } from "@/components/ui/table";
import { CHANNEL_KIND_LABELS, ChannelForm } from "./channel-form";
import { ConfigPanel } from "./config-panel";

const COLUMNS = ["Name", "Kind", "Destination", "Signed", "Last test"] as const;

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
      : `Failed${result.status ? ` (${result.status})` : ""}: ${result.error ?? "no answer"}${
          // What the receiver said, as text (React escapes it); only admins reach this page.
          result.detail ? ` — receiver said: "${result.detail}"` : ""
        }`;
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
  const [results, setResults] = useState<Record<string, ChannelTestResult | "pending" | { failed: string }>>(
    {},
  );
  const test = useMutation({
    mutationFn: (channel: Channel) => testChannel(channel.id),
    onMutate: (channel) => setResults((r) => ({ ...r, [channel.id]: "pending" })),
    onSuccess: (result, channel) => setResults((r) => ({ ...r, [channel.id]: result })),
    onError: (error, channel) =>
      setResults((r) => ({ ...r, [channel.id]: { failed: describeError(error) } })),
  });

  return (
    <ConfigPanel
      headingId="alerts-channels-heading"
      data-testid="channels-panel"
      icon={Megaphone}
      title="Channels"
      addLabel="Add channel"
      query={query}
      table={{
        loadingLabel: "Loading channels",
        skeletonRows: 2,
        what: "channels",
        empty: {
          title: "No channels yet",
          hint: "Add a Slack, Teams, Discord, email or webhook channel, then point rules at it.",
        },
        testId: "channels-table",
        minWidthClass: "min-w-[48rem]",
        caption: "Alert channels",
        columns: COLUMNS,
      }}
      row={{ testId: "channel-row", idAttribute: "data-channel-id" }}
      cells={(channel) => (
        <>
          <Td className="font-medium">{channel.name}</Td>
          <Td className="whitespace-nowrap">{CHANNEL_KIND_LABELS[channel.kind]}</Td>
          <Td className="max-w-72 break-all font-mono text-xs">
            {channel.url ?? channel.to?.join(", ") ?? "—"}
          </Td>
          <Td className="whitespace-nowrap text-muted">
            {channel.kind === "webhook" ? (channel.hasSecret ? "Yes (secret set)" : "No") : "—"}
          </Td>
          <Td className="max-w-80 text-xs" aria-live="polite">
            <TestOutcome result={results[channel.id]} />
          </Td>
        </>
      )}
      actions={(channel) => (
        <Button
          variant="secondary"
          size="sm"
          onClick={() => test.mutate(channel)}
          disabled={results[channel.id] === "pending"}
          aria-label={`Send a test to ${channel.name}`}
        >
          <Send aria-hidden className="size-3.5" />
          Send test
        </Button>
      )}
      form={(channel, onDone) => <ChannelForm channel={channel} onDone={onDone} />}
      deleteItem={(channel) => deleteChannel(channel.id)}
      confirm={{
        title: (name) => `Delete the channel "${name}"?`,
        label: "Delete channel",
        body: <p>Rules that send to it skip it from now on. Past deliveries stay in the alert history.</p>,
      }}
    />
  );
}

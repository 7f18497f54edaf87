"use client";

import { useState } from "react";
import { CHANNEL_KINDS, type Channel, type ChannelKind } from "@/lib/alerts";
import { saveChannel, type ChannelBody } from "@/components/api/alert-api";
import { alertKeys } from "@/components/api/alert-queries";
import { SelectField, TextField } from "./alert-form-parts";
import { ConfigFormCard, useConfigForm } from "./config-form";

/** Display names of the channel kinds. */
export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = {
  slack: "Slack",
  teams: "Microsoft Teams",
  discord: "Discord",
  email: "Email",
  webhook: "Webhook",
};

/** Props of {@link ChannelForm}. */
export interface ChannelFormProps {
  /** The channel being edited; absent to create one. */
  channel?: Channel;
  onDone: () => void;
}

const OWN_FIELDS = ["name", "kind", "config.url", "config.to", "config.secret"] as const;

/** The body to send. On edit the URL is sent only when retyped, the secret only when typed. */
function toBody(kind: ChannelKind, name: string, url: string, to: string, secret: string, editing: boolean) {
  const config: ChannelBody["config"] = {};
  if (kind === "email") {
    config.to = to
      .split(",")
      .map((address) => address.trim())
      .filter(Boolean);
    if (editing) config.url = null;
  } else {
    if (url.trim() || !editing) config.url = url.trim();
    if (editing) config.to = null;
  }
  if (kind === "webhook" && secret) config.secret = secret;
  if (kind !== "webhook" && editing) config.secret = null;
  return { name: name.trim(), kind, config } satisfies ChannelBody;
}

/** Create or edit a channel. Credentials are write-only: the URL shows redacted and the secret never. */
export function ChannelForm({ channel, onDone }: ChannelFormProps) {
  const editing = channel !== undefined;
  const [name, setName] = useState(channel?.name ?? "");
  const [kind, setKind] = useState<ChannelKind>(channel?.kind ?? "slack");
  const [url, setUrl] = useState("");
  const [to, setTo] = useState(channel?.to?.join(", ") ?? "");
  const [secret, setSecret] = useState("");
  const { problem, pending, submit } = useConfigForm({
    noun: "channel",
    save: (body: ChannelBody) => saveChannel(body, channel?.id),
    listKey: alertKeys.channels,
    onDone,
  });

  const keepsUrl = editing && channel.kind !== "email" && kind !== "email";
  return (
    <ConfigFormCard
      label={editing ? `Edit channel ${channel.name}` : "Create a channel"}
      onSubmit={submit(name, () => toBody(kind, name, url, to, secret, editing))}
      problem={problem}
      ownFields={OWN_FIELDS}
      pending={pending}
      submitLabel={editing ? "Save channel" : "Create channel"}
      onCancel={onDone}
    >
      <div className="grid gap-3 md:grid-cols-[minmax(12rem,18rem)_12rem_1fr]">
        <TextField
          label="Name"
          field="name"
          value={name}
          onChange={setName}
          problem={problem}
          placeholder="#ci-alerts"
        />
        <SelectField
          label="Kind"
          name="kind"
          value={kind}
          options={CHANNEL_KINDS}
          labels={CHANNEL_KIND_LABELS}
          onChange={setKind}
        />
        {kind === "email" ? (
          <TextField
            label="Recipients"
            field="config.to"
            value={to}
            onChange={setTo}
            problem={problem}
            placeholder="oncall@example.com, lead@example.com"
            hint="Comma-separated. The SMTP server and sender come from the server's settings."
          />
        ) : (
          <TextField
            label={kind === "webhook" ? "Endpoint URL" : "Incoming-webhook URL"}
            field="config.url"
            type="url"
            value={url}
            onChange={setUrl}
            problem={problem}
            placeholder={keepsUrl ? `Leave blank to keep ${channel.url ?? "the current URL"}` : "https://…"}
            hint="The URL carries the channel's token: it is stored, never shown again in full."
          />
        )}
      </div>
      {kind === "webhook" && (
        <TextField
          className="max-w-md"
          label="Signing secret (optional)"
          field="config.secret"
          type="password"
          autoComplete="new-password"
          value={secret}
          onChange={setSecret}
          problem={problem}
          placeholder={
            editing && channel.hasSecret ? "Leave blank to keep the current secret" : "16 to 256 characters"
          }
          hint="Requests carry an HMAC-SHA256 signature made with it. Write-only: it is never displayed."
        />
      )}
    </ConfigFormCard>
  );
}

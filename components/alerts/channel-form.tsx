"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { LoaderCircle } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
import { CHANNEL_KINDS, type Channel, type ChannelKind } from "@/lib/alerts";
import { errorField, saveChannel, type ChannelBody } from "@/components/api/alert-api";
import { FormFooter, TextField, formCardClass, type FormProblem } from "./alert-form-parts";
import { alertKeys } from "@/components/api/alert-queries";
import { authKeys } from "@/components/api/auth-queries";
import { describeError } from "@/components/ui/query-state";
import { buttonClass, inputClass, labelClass } from "@/components/ui/classes";

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
  const queryClient = useQueryClient();
  const kindId = useId();
  const editing = channel !== undefined;
  const [name, setName] = useState(channel?.name ?? "");
  const [kind, setKind] = useState<ChannelKind>(channel?.kind ?? "slack");
  const [url, setUrl] = useState("");
  const [to, setTo] = useState(channel?.to?.join(", ") ?? "");
  const [secret, setSecret] = useState("");
  const [problem, setProblem] = useState<FormProblem | null>(null);

  const save = useMutation({
    mutationFn: (body: ChannelBody) => saveChannel(body, channel?.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: alertKeys.channels });
      void queryClient.invalidateQueries({ queryKey: authKeys.audit });
      onDone();
    },
    onError: (error) => setProblem({ message: describeError(error), field: errorField(error) }),
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(null);
    if (!name.trim()) {
      setProblem({ message: "Give the channel a name.", field: "name" });
      return;
    }
    save.mutate(toBody(kind, name, url, to, secret, editing));
  };

  const keepsUrl = editing && channel.kind !== "email" && kind !== "email";
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={editing ? `Edit channel ${channel.name}` : "Create a channel"}
      className={formCardClass}
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
        <div>
          <label htmlFor={kindId} className={labelClass}>
            Kind
          </label>
          <select
            id={kindId}
            name="kind"
            value={kind}
            onChange={(event) => setKind(event.target.value as ChannelKind)}
            className={inputClass}
          >
            {CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {CHANNEL_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
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
      <FormFooter problem={problem} ownFields={OWN_FIELDS}>
        <button type="button" onClick={onDone} className={buttonClass.ghost}>
          Cancel
        </button>
        <button type="submit" disabled={save.isPending} className={buttonClass.primary}>
          {save.isPending && <LoaderCircle aria-hidden className="size-4 animate-spin" />}
          {editing ? "Save channel" : "Create channel"}
        </button>
      </FormFooter>
    </form>
  );
}

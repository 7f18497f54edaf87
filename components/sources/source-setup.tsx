"use client";

import { ChevronRight } from "lucide-react";
import type { ReactNode } from "react";
import type { JobSource } from "@/lib/job";
import { CopyButton } from "./source-copy-button";
import { basicAuthUrl } from "./source-origin";
import { VENDOR_NAMES } from "@/components/common/vendor-icons";

/** Props of {@link SourceSetup}. */
export interface SourceSetupProps {
  source: JobSource;
  /** The exact webhook URL (origin + path). */
  url: string;
  /** The page's origin, for URLs that embed credentials. */
  origin: string;
  path: string;
}

/** Collapsible, vendor-specific steps to point a CI system at its Runwatch endpoint. */
export function SourceSetup({ source, url, origin, path }: SourceSetupProps) {
  return (
    <details className="group rounded-lg border border-border bg-surface-muted/40 open:bg-surface">
      <summary className="flex cursor-pointer list-none items-center gap-1.5 rounded-lg px-3 py-2 text-sm font-medium marker:content-none hover:bg-surface-muted [&::-webkit-details-marker]:hidden">
        <ChevronRight
          aria-hidden
          className="size-4 text-muted transition-transform group-open:rotate-90 motion-reduce:transition-none"
        />
        How to connect {VENDOR_NAMES[source]}
      </summary>
      <div className="border-t border-border px-3 py-3 text-sm">{STEPS[source]({ url, origin, path })}</div>
    </details>
  );
}

type StepsProps = Pick<SourceSetupProps, "url" | "origin" | "path">;

const STEPS: Record<JobSource, (props: StepsProps) => ReactNode> = {
  github: ({ url }) => (
    <Steps>
      <li>
        In the repository (or organisation), open <Ui>Settings → Webhooks → Add webhook</Ui>.
      </li>
      <li>
        <Ui>Payload URL</Ui>: <Inline>{url}</Inline>
      </li>
      <li>
        <Ui>Content type</Ui>: <Inline>application/json</Inline>
      </li>
      <li>
        <Ui>Secret</Ui>: the value of <Env>RUNWATCH_GITHUB_SECRET</Env>.
      </li>
      <li>
        <Ui>Which events</Ui>: choose <Ui>Let me select individual events</Ui>, then tick{" "}
        <Ui>Workflow jobs</Ui> and <Ui>Workflow runs</Ui> (untick <Ui>Pushes</Ui>).
      </li>
      <li>
        <Ui>Add webhook</Ui>. GitHub sends a <Inline>ping</Inline> at once; it shows up in the counts above.
      </li>
    </Steps>
  ),
  gitlab: ({ url }) => (
    <Steps>
      <li>
        In the project (or group), open <Ui>Settings → Webhooks → Add new webhook</Ui>.
      </li>
      <li>
        <Ui>URL</Ui>: <Inline>{url}</Inline>
      </li>
      <li>
        <Ui>Secret token</Ui>: the value of <Env>RUNWATCH_GITLAB_TOKEN</Env>. Or, to have GitLab sign each
        delivery, set <Env>RUNWATCH_GITLAB_SIGNING_TOKEN</Env> to the <Inline>whsec_…</Inline> signing token
        GitLab shows.
      </li>
      <li>
        <Ui>Trigger</Ui>: tick <Ui>Job events</Ui> and <Ui>Pipeline events</Ui>.
      </li>
      <li>
        <Ui>Add webhook</Ui>, then <Ui>Test → Job events</Ui> to send a first delivery.
      </li>
    </Steps>
  ),
  buildkite: ({ url }) => (
    <Steps>
      <li>
        In Buildkite, open <Ui>Organization Settings → Notification Services → Add → Webhook</Ui>.
      </li>
      <li>
        <Ui>Webhook URL</Ui>: <Inline>{url}</Inline>
      </li>
      <li>
        <Ui>Token</Ui>: the value of <Env>RUNWATCH_BUILDKITE_TOKEN</Env>, and choose the <Ui>signature</Ui>{" "}
        token mode (<Inline>X-Buildkite-Signature</Inline>) so the token never travels with the request.
      </li>
      <li>
        <Ui>Events</Ui>: every <Inline>job.*</Inline>, <Inline>build.*</Inline> and <Inline>agent.*</Inline>{" "}
        event (agent events keep the Runners page current).
      </li>
      <li>
        Pick the pipelines to report (or all), then <Ui>Add Webhook Notification</Ui>.
      </li>
    </Steps>
  ),
  jenkins: ({ origin, path }) => {
    const endpoint = basicAuthUrl(origin, path, "RUNWATCH_JENKINS_TOKEN");
    return (
      <Steps>
        <li>
          Install the <Ui>Notification</Ui> plugin (<Ui>Manage Jenkins → Plugins</Ui>).
        </li>
        <li>
          In each job, open <Ui>Configure → Job Notifications → Add Endpoint</Ui>.
        </li>
        <li>
          <Ui>Format</Ui>: <Inline>JSON</Inline>, <Ui>Protocol</Ui>: <Inline>HTTP</Inline>, <Ui>Event</Ui>:{" "}
          <Inline>All Events</Inline>.
        </li>
        <li>
          <Ui>URL</Ui> — the plugin cannot sign, so the password travels as HTTP Basic auth; replace the
          placeholder with the value of <Env>RUNWATCH_JENKINS_TOKEN</Env>:
          <Code value={endpoint} what="Jenkins endpoint URL" />
        </li>
        <li>Save. The next build reports each phase (queued, started, completed).</li>
      </Steps>
    );
  },
  generic: ({ url }) => (
    <div className="space-y-2">
      <p>
        Any runner or script can report a job: sign the raw body with HMAC-SHA256 using{" "}
        <Env>RUNWATCH_GENERIC_SECRET</Env>, send the hex digest as <Inline>X-Runwatch-Signature-256</Inline>{" "}
        and a unique <Inline>X-Runwatch-Delivery</Inline> per event (redeliveries with the same id count
        once).
      </p>
      <Code value={genericExample(url)} what="example command" />
      <p className="text-muted">
        Required: <Inline>version</Inline>, <Inline>job.id</Inline>, <Inline>job.repo</Inline>,{" "}
        <Inline>job.name</Inline>, <Inline>job.status</Inline>. Optional: <Inline>workflow</Inline>,{" "}
        <Inline>runId</Inline>, <Inline>branch</Inline>, <Inline>sha</Inline>, timestamps,{" "}
        <Inline>runner</Inline> (name, group, labels) and <Inline>url</Inline>.
      </p>
    </div>
  ),
};

/** A shell example that reports one running job to the generic endpoint. */
export function genericExample(url: string): string {
  return [
    `BODY='{"version": 1, "job": {`,
    `  "id": "build-42", "repo": "acme/api", "workflow": "ci", "name": "test",`,
    `  "status": "running", "runner": {"name": "rack-3", "labels": ["linux", "x64"]}}}'`,
    `SIG=$(printf '%s' "$BODY" \\`,
    `  | openssl dgst -sha256 -hmac "$RUNWATCH_GENERIC_SECRET" | awk '{print $NF}')`,
    `curl -sS -X POST '${url}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H "X-Runwatch-Signature-256: sha256=$SIG" \\`,
    `  -H 'X-Runwatch-Delivery: build-42-running' \\`,
    `  --data "$BODY"`,
  ].join("\n");
}

function Steps({ children }: { children: ReactNode }) {
  return <ol className="list-decimal space-y-1.5 pl-5 marker:text-muted">{children}</ol>;
}

/** A label of the vendor's UI. */
function Ui({ children }: { children: ReactNode }) {
  return <span className="font-medium">{children}</span>;
}

/** An environment variable name. */
function Env({ children }: { children: ReactNode }) {
  return (
    <code className="rounded bg-surface-muted px-1 font-mono text-[12.5px] font-medium">{children}</code>
  );
}

function Inline({ children }: { children: ReactNode }) {
  return (
    <code className="rounded bg-surface-muted px-1 font-mono text-[12.5px] [overflow-wrap:anywhere]">
      {children}
    </code>
  );
}

/** A copyable block of code. */
function Code({ value, what }: { value: string; what: string }) {
  return (
    <div className="mt-1.5 flex items-start gap-2">
      <pre className="min-w-0 flex-1 whitespace-pre-wrap rounded-md [overflow-wrap:anywhere] border border-border bg-surface-muted px-3 py-2 font-mono text-xs leading-5">
        <code>{value}</code>
      </pre>
      <CopyButton value={value} what={what} />
    </div>
  );
}

"use client";

import { BellOff, CircleCheck, CircleDashed, CloudOff, KeyRound } from "lucide-react";
import type { ReactNode } from "react";
import type { DeliveryOutcome, SourceHealth } from "@/lib/sources";
import { DELIVERY_OUTCOMES } from "@/lib/sources";
import { formatDateTime, formatDuration, formatRelative } from "@/components/common/format";
import { CopyButton } from "./source-copy-button";
import { useOrigin } from "./source-origin";
import { silentForMs } from "@/components/api/source-queries";
import { SourceSetup } from "./source-setup";
import { useNow } from "@/components/common/use-now";
import { VENDOR_NAMES, VendorIcon } from "@/components/common/vendor-icons";

const OUTCOMES: Record<DeliveryOutcome, { label: string; hint: string; bad?: boolean }> = {
  accepted: { label: "Accepted", hint: "Verified and stored" },
  duplicate: { label: "Duplicate", hint: "Redeliveries, counted once" },
  ignored: { label: "Ignored", hint: "Verified events Runwatch does not act on" },
  rejected: { label: "Rejected", hint: "Bad or missing signature", bad: true },
  invalid: { label: "Invalid", hint: "Bad body, media type, or secret not set", bad: true },
};

/** Props of {@link SourceCard}. */
export interface SourceCardProps {
  source: SourceHealth;
}

/**
 * One webhook source: whether it is configured (and with which variable),
 * its delivery counts, when it last heard from its vendor, lost jobs, a
 * warning when it went silent, its exact webhook URL and setup steps.
 */
export function SourceCard({ source }: SourceCardProps) {
  const origin = useOrigin();
  const now = useNow(30_000);
  const name = VENDOR_NAMES[source.source];
  const url = `${origin}${source.path}`;
  const headingId = `source-${source.source}-heading`;
  const silentMs = silentForMs(source, now);

  return (
    <article
      id={source.source}
      data-testid="source-card"
      data-source={source.source}
      data-configured={source.configured}
      aria-labelledby={headingId}
      className="flex scroll-mt-20 flex-col gap-4 rounded-xl border border-border bg-surface p-4 shadow-sm"
    >
      <header className="flex flex-wrap items-center gap-3">
        <span className="flex size-10 items-center justify-center rounded-lg border border-border bg-surface-muted">
          <VendorIcon source={source.source} className="size-6" decorative />
        </span>
        <div className="min-w-0 flex-1">
          <h2 id={headingId} className="text-base font-semibold">
            {name}
          </h2>
          <p className="truncate font-mono text-xs text-muted">{source.path}</p>
        </div>
        {source.configured ? (
          <span className="inline-flex items-center gap-1 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-inset ring-emerald-600/25 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/25">
            <CircleCheck aria-hidden className="size-3.5" />
            Configured
          </span>
        ) : (
          <span className="inline-flex items-center gap-1 rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-700 ring-1 ring-inset ring-zinc-500/25 dark:bg-zinc-400/10 dark:text-zinc-300 dark:ring-zinc-400/25">
            <CircleDashed aria-hidden className="size-3.5" />
            Not configured
          </span>
        )}
      </header>

      {!source.configured && <NotConfigured source={source} />}
      {silentMs !== null && (
        <Callout
          tone="warning"
          icon={<BellOff aria-hidden className="mt-0.5 size-4 shrink-0" />}
          testId="source-silent"
        >
          <p className="font-medium">
            Silent for{" "}
            <time dateTime={source.lastAcceptedAt!} title={formatDateTime(source.lastAcceptedAt)}>
              {formatDuration(silentMs)}
            </time>
          </p>
          <p>
            No delivery accepted since {formatDateTime(source.lastAcceptedAt)}. Check the webhook&apos;s
            recent deliveries on {name}
            {source.lastRefusedAt ? "; refused deliveries are counted as rejected or invalid below" : ""}.
          </p>
        </Callout>
      )}

      <div>
        <p className="mb-1 text-xs font-medium text-muted">Webhook URL</p>
        <div className="flex items-center gap-2">
          <code
            data-testid="source-webhook-url"
            className="min-w-0 flex-1 select-all break-all rounded-md border border-border-strong bg-surface-muted px-2.5 py-1.5 font-mono text-[13px]"
          >
            {url}
          </code>
          <CopyButton value={url} what={`${name} webhook URL`} />
        </div>
      </div>

      <dl className="grid grid-cols-3 gap-2 sm:grid-cols-5">
        {DELIVERY_OUTCOMES.map((outcome) => {
          const { label, hint, bad } = OUTCOMES[outcome];
          const count = source.counts[outcome];
          return (
            <div key={outcome} title={hint} className="rounded-lg border border-border px-2.5 py-2">
              <dt className="text-[11px] font-medium uppercase tracking-wide text-muted">{label}</dt>
              <dd
                data-testid={`source-count-${outcome}`}
                className={`text-lg font-semibold tabular-nums ${bad && count > 0 ? "text-red-700 dark:text-red-300" : ""}`}
              >
                {count}
              </dd>
            </div>
          );
        })}
      </dl>

      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted">Last delivery</dt>
        <dd data-testid="source-last-delivery" className="text-right">
          <When iso={source.lastDeliveryAt} now={now} />
        </dd>
        <dt className="text-muted">Last accepted</dt>
        <dd className="text-right">
          <When iso={source.lastAcceptedAt} now={now} />
        </dd>
        {source.lastRefusedAt && (
          <>
            <dt className="text-muted">Last refused</dt>
            <dd className="text-right text-red-700 dark:text-red-300">
              <When iso={source.lastRefusedAt} now={now} />
            </dd>
          </>
        )}
        <dt className="text-muted">Lost jobs</dt>
        <dd data-testid="source-lost-jobs" className="text-right tabular-nums">
          {source.lostJobs > 0 ? (
            <span
              className="inline-flex items-center gap-1 font-medium text-amber-800 dark:text-amber-300"
              title="Jobs still queued or running with no event for a long time: a delivery was probably lost."
            >
              <CloudOff aria-hidden className="size-3.5" />
              {source.lostJobs}
            </span>
          ) : (
            0
          )}
        </dd>
      </dl>

      <SourceSetup source={source.source} url={url} origin={origin} path={source.path} />
    </article>
  );
}

/** "never", or "3 min ago" with the exact local time as a tooltip. */
function When({ iso, now }: { iso: string | null; now: number }) {
  if (!iso) return <span className="text-muted">never</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {now === 0 ? formatDateTime(iso) : formatRelative(iso, now)}
    </time>
  );
}

function NotConfigured({ source }: SourceCardProps) {
  const variables = source.secretVariables;
  return (
    <Callout
      tone="neutral"
      icon={<KeyRound aria-hidden className="mt-0.5 size-4 shrink-0" />}
      testId="source-unconfigured"
    >
      <p>
        Set{" "}
        {variables.map((variable, i) => (
          <span key={variable}>
            {i > 0 && (i === variables.length - 1 ? " or " : ", ")}
            <code className="rounded bg-surface px-1 font-mono text-[12.5px] font-medium text-foreground">
              {variable}
            </code>
          </span>
        ))}{" "}
        on the server and restart it to accept {VENDOR_NAMES[source.source]} deliveries. Until then this
        endpoint refuses every delivery (401).
      </p>
    </Callout>
  );
}

const CALLOUT_TONES = {
  warning:
    "border-amber-600/25 bg-amber-50 text-amber-900 dark:border-amber-400/25 dark:bg-amber-400/10 dark:text-amber-200",
  neutral: "border-border-strong bg-surface-muted text-foreground",
};

function Callout({
  tone,
  icon,
  testId,
  children,
}: {
  tone: keyof typeof CALLOUT_TONES;
  icon: ReactNode;
  testId: string;
  children: ReactNode;
}) {
  return (
    <div
      role="note"
      data-testid={testId}
      className={`flex gap-2.5 rounded-lg border px-3 py-2.5 text-sm ${CALLOUT_TONES[tone]}`}
    >
      {icon}
      <div className="min-w-0 space-y-0.5">{children}</div>
    </div>
  );
}

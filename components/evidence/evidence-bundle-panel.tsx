"use client";

import { useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { evidenceExportHref, evidencePublicKeyQuery } from "@/components/api/evidence-api";
import { CopyButton } from "@/components/sources/source-copy-button";
import { Panel } from "@/components/ui/panel";
import { QueryError } from "@/components/ui/query-state";
import { buttonClass } from "@/components/ui/classes";
import type { EvidenceWindow } from "@/lib/evidence";

/** Props of {@link EvidenceBundlePanel}. */
export interface EvidenceBundlePanelProps {
  window: EvidenceWindow;
}

/**
 * The signed evidence bundle of the page's window, and the public key to
 * check it with offline (its fingerprint is in every bundle's manifest; how to
 * verify is in docs/evidence.md).
 */
export function EvidenceBundlePanel({ window }: EvidenceBundlePanelProps) {
  const key = useQuery(evidencePublicKeyQuery());
  return (
    <Panel
      title="Evidence bundle"
      headingId="evidence-bundle-heading"
      data-testid="evidence-bundle"
      actions={
        <a href={evidenceExportHref(window)} download className={buttonClass.secondary}>
          <Download aria-hidden className="size-4" />
          Export bundle ({window})
        </a>
      }
    >
      <div className="space-y-3 px-4 py-3 text-sm">
        <p className="text-muted">
          One signed archive of this window: the evidence, the audit log with its chain proof, keys and roles,
          the settings in force (secrets redacted), and a manifest of SHA-256 sums signed with the Ed25519 key
          below. An auditor verifies it offline with <code>openssl</code> and <code>sha256sum</code>, or{" "}
          <code>npm run runwatch -- evidence verify</code>.
        </p>
        {key.isError ? (
          <QueryError what="the signing key" error={key.error} onRetry={() => void key.refetch()} />
        ) : key.data ? (
          <div className="space-y-2">
            <p className="flex flex-wrap items-center gap-2">
              <span className="text-muted">Fingerprint (SHA-256)</span>
              <code data-testid="evidence-key-fingerprint" className="break-all font-mono text-xs">
                {key.data.fingerprint}
              </code>
            </p>
            <div className="flex items-start gap-2">
              {/* Scrolls sideways on a phone: a focusable region, so a keyboard can scroll it too. */}
              <pre
                data-testid="evidence-public-key"
                role="region"
                aria-label="Public key (PEM)"
                tabIndex={0}
                className="min-w-0 flex-1 overflow-x-auto rounded-lg bg-surface-muted p-3 font-mono text-xs"
              >
                {key.data.publicKeyPem.trim()}
              </pre>
              <CopyButton value={key.data.publicKeyPem} what="public key" />
            </div>
          </div>
        ) : (
          <p className="text-muted">Loading the signing key…</p>
        )}
      </div>
    </Panel>
  );
}

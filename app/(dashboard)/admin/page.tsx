import type { Metadata } from "next";
import { apiKeysQuery, sessionsQuery } from "@/components/api/auth-queries";
import { Prefetch } from "@/components/api/prefetch";
import { AdminGate } from "@/components/auth/admin-gate";
import { ApiKeysPanel } from "@/components/admin/api-keys-panel";
import { SessionsPanel } from "@/components/admin/sessions-panel";
import { UsersPanel } from "@/components/admin/users-panel";
import { TeamsPanel } from "@/components/admin/teams-panel";
import { teamsQuery } from "@/components/api/teams-api";

export const metadata: Metadata = { title: "Admin" };

/** `/admin` (admin): API keys (create, reveal once, revoke), dashboard sessions (revoke) and teams. */
export default function AdminPage() {
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Admin</h1>
        <p className="max-w-prose text-sm text-muted">
          Who can reach Runwatch: API keys for people, CI and scripts, and the dashboard sessions signed in
          with them. Every change here is recorded in the audit log.
        </p>
      </div>
      <AdminGate what="API keys and sessions">
        <Prefetch
          load={(client) => [
            client.prefetchQuery(apiKeysQuery()),
            client.prefetchQuery(sessionsQuery()),
            client.prefetchQuery(teamsQuery()),
          ]}
        >
          <div className="space-y-5">
            <ApiKeysPanel />
            <SessionsPanel />
            <UsersPanel />
            <TeamsPanel />
          </div>
        </Prefetch>
      </AdminGate>
    </div>
  );
}

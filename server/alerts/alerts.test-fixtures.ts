/** Jobs, rules and alerts for the alerting tests, with hostile names where it matters. */
import type { Alert, AlertRule } from "../../lib/alerts";
import type { Job } from "../../lib/job";

/** The fixed "now" of the message tests. */
export const NOW = Date.parse("2026-01-15T11:05:00Z");

/** A finished job; `hostile` fills every name with markup and mentions. */
export function failedJob(overrides: Partial<Job> = {}): Job {
  return {
    id: "github:123",
    source: "github",
    repo: "acme/api",
    workflow: "ci",
    name: "test (ubuntu)",
    runId: "42",
    attempt: 1,
    branch: "main",
    sha: "9f3c2a7e1b4d5566",
    status: "failure",
    queuedAt: "2026-01-15T09:59:00Z",
    startedAt: "2026-01-15T10:00:00Z",
    finishedAt: "2026-01-15T10:02:00Z",
    queueMs: 60_000,
    durationMs: 120_000,
    runner: { name: "box-1", group: null, labels: ["linux"] },
    url: "https://github.com/acme/api/actions/runs/42/job/123",
    failure: { cause: "step_failed", step: "Run tests" },
    steps: [],
    ...overrides,
  };
}

/** Names an attacker with push access could choose. */
export const HOSTILE = {
  repo: "acme/<!channel>&co",
  branch: "@everyone <@123> [click](https://evil.example) *x*",
  name: "test_<script>alert(1)</script>",
} as const;

/** A job_state rule. */
export const JOB_RULE: AlertRule = {
  id: "rule-1",
  name: "API main is red",
  enabled: true,
  severity: "critical",
  kind: "job_state",
  match: { repo: "acme/*", branch: "main" },
  on: ["broke", "fixed"],
  threshold: null,
  windowMs: null,
  cooldownMs: 0,
  scope: null,
  channels: ["ch-1"],
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};

/** A firing queue-time alert. */
export const QUEUE_ALERT: Alert = {
  id: "alert-2",
  ruleId: "rule-2",
  ruleName: "GPU queue",
  kind: "queue_time",
  severity: "warning",
  state: "firing",
  event: "triggered",
  subject: "gpu",
  summary: "Queue time for pool gpu is 15m, over the 10m threshold.",
  where: { pool: "gpu" },
  facts: [
    { label: "Queue p95 (1h)", value: "12m" },
    { label: "Threshold", value: "10m" },
  ],
  since: "2026-01-15T10:00:00.000Z",
  firedAt: "2026-01-15T10:05:00.000Z",
  resolvedAt: null,
  job: null,
  link: "https://runwatch.example/queue",
  openedBy: null,
  closedBy: null,
  resolution: null,
};

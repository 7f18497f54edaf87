/** Test helper: a complete {@link Job} with overridable fields. Not used by the app. */
import type { Job } from "./job";

/** A queued GitHub job; override what the test cares about. */
export function makeJob(overrides: Partial<Job> = {}): Job {
  return {
    id: "github:1",
    source: "github",
    repo: "acme/api",
    workflow: "CI",
    name: "test",
    runId: "100",
    attempt: 1,
    branch: "main",
    sha: "0123456789abcdef",
    status: "queued",
    queuedAt: "2025-01-01T12:00:00Z",
    startedAt: null,
    finishedAt: null,
    queueMs: null,
    durationMs: null,
    runner: { name: null, group: null, labels: ["ubuntu-latest"] },
    url: null,
    failure: null,
    steps: [],
    ...overrides,
  };
}

/**
 * GitHub `workflow_job` deliveries for the Live and wallboard specs, made from
 * the real completed fixtures (the failure and the success of "linters") with
 * a fresh id, a repository, a job name and a sender (the job's author).
 */
import { freshId, minutesAgo, workflowJob } from "./github";

/** What a crafted delivery says. */
export interface LiveJobSpec {
  repo: string;
  state: "running" | "success" | "failure";
  /** `sender.login`: who triggered it. */
  author: string;
  name?: string;
  branch?: string;
}

/** A delivery of one job in the given state; returns its body and its Runwatch id. */
export function liveJob(spec: LiveJobSpec): { body: Record<string, unknown>; jobId: string } {
  const id = freshId();
  const fixture =
    spec.state === "success" ? "workflow_job.completed.2.json" : "workflow_job.completed.1.json";
  const common = {
    created_at: minutesAgo(3),
    started_at: minutesAgo(2),
    head_branch: spec.branch ?? "main",
    ...(spec.name ? { name: spec.name } : {}),
  };
  const job =
    spec.state === "running"
      ? { ...common, status: "in_progress", conclusion: null, completed_at: null, steps: [] }
      : { ...common, completed_at: minutesAgo(0) };
  const body = workflowJob(fixture, id, {
    action: spec.state === "running" ? "in_progress" : "completed",
    repo: spec.repo,
    job,
  });
  body.sender = { ...(body.sender as Record<string, unknown>), login: spec.author };
  return { body, jobId: `github:${id}` };
}

/** A suffix that keeps one run's repositories and authors apart from every other run's. */
export const runTag = () => Math.random().toString(36).slice(2, 8);

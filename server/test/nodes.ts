/**
 * Two (or more) Runwatch processes as an operator runs them side by side:
 * each a real child process (`child.ts`), each with its own data folder, all
 * sharing one PostgreSQL database (`DATABASE_URL`), one Redis (`REDIS_URL`)
 * and one audit key. Plus what the node tests send and read: signed variants
 * of a real GitHub fixture, and a job read back through a node's API.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnServer, type ChildServer } from "./child";
import { adminHeaders, fixtureJson, postGithub } from "./helpers";

/** The audit key every node shares (each would otherwise make its own and break the others' chain). */
export const NODES_AUDIT_KEY = "nodes-test-share-this-audit-key-0123456789";

/** Where the nodes keep their state. */
export interface SharedEngines {
  databaseUrl: string;
  redisUrl: string;
}

/** A node of the group; `dataDir` is removed by `stopAll`. */
export interface Node extends ChildServer {
  dataDir: string;
}

/** Started nodes and the way to end them all. */
export interface NodeGroup {
  nodes: Node[];
  /** Ends every node still running (SIGKILL: the test is over) and removes their data folders. */
  stopAll(): Promise<void>;
}

/** Starts `count` nodes at once over `engines`; `env` adds settings to every node. */
export async function startNodes(
  engines: SharedEngines,
  count: number,
  env: Record<string, string> = {},
): Promise<NodeGroup> {
  const nodes: Node[] = [];
  const stopAll = async () => {
    for (const node of nodes) {
      if (node.child.exitCode === null && node.child.signalCode === null) await node.kill();
      fs.rmSync(node.dataDir, { recursive: true, force: true });
    }
  };
  const settled = await Promise.allSettled(
    Array.from({ length: count }, async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-node-"));
      try {
        const child = await spawnServer(dataDir, {
          DATABASE_URL: engines.databaseUrl,
          REDIS_URL: engines.redisUrl,
          RUNWATCH_AUDIT_KEY: NODES_AUDIT_KEY,
          RUNWATCH_RATE_LIMIT_WEBHOOK: "1000000",
          RUNWATCH_RATE_LIMIT_API: "1000000",
          ...env,
        });
        nodes.push({ ...child, dataDir });
      } catch (error) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        throw error;
      }
    }),
  );
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  return { nodes, stopAll };
}

/**
 * A `workflow_job.queued` delivery (the real fixture) for job `id` of its own
 * run, in the fixture's repository (`Codertocat/Hello-World`) or in `repo`.
 */
export function queuedJob(id: number, repo?: string): string {
  const body = fixtureJson<{ workflow_job: Record<string, unknown>; repository: Record<string, unknown> }>(
    "github/workflow_job.queued.1.json",
  );
  Object.assign(body.workflow_job, { id, run_id: id });
  if (repo !== undefined) body.repository.full_name = repo;
  return JSON.stringify(body);
}

/** What one webhook post came to: an HTTP status, or "none" when no answer came (the connection failed). */
export type Outcome = number | "none";

/** Posts a signed GitHub delivery; never throws. */
export async function deliver(url: string, body: string, delivery?: string): Promise<Outcome> {
  try {
    const response = await postGithub(url, body, delivery === undefined ? {} : { delivery });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return "none";
  }
}

/**
 * The job ids among `ids` (GitHub job ids, `github:<id>`) that node `url`'s
 * API does not list: every job read page by page (200 a page), far fewer
 * requests than one per id.
 */
export async function missingJobs(url: string, ids: readonly number[]): Promise<number[]> {
  const listed = new Set<string>();
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
    const response = await fetch(`${url}/api/v1/jobs?limit=200${query}`, { headers: adminHeaders });
    if (response.status !== 200) throw new Error(`GET /api/v1/jobs: HTTP ${response.status}`);
    const page = (await response.json()) as { items: { id: string }[]; nextCursor: string | null };
    for (const job of page.items) listed.add(job.id);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return ids.filter((id) => !listed.has(`github:${id}`));
}

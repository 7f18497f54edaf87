/**
 * Simulated dashboards: real `socket.io-client` connections authenticated
 * with a read API key, as the browser's live hook connects, counting which
 * job updates reach which client and how long after their webhook was POSTed.
 *
 * Updates arrive as `job:updated` (one job) or as a batch event carrying
 * several (`jobs:updated` with `{ version, jobs }`); both are matched by job id.
 */
import { io, type Socket } from "socket.io-client";
import { SOCKET_PATH } from "../../lib/events";

/**
 * Which client saw which job, and when: a job is registered when its POST
 * goes out; every first receipt of it at a client adds one latency sample.
 */
export class ReceiptBook {
  private readonly jobs = new Map<string, { sentAt: number; seen: Uint8Array; count: number }>();
  /** Latency of every first receipt, ms. */
  readonly latencies: number[] = [];
  /** Receipts of jobs not registered, or a second time at the same client. */
  strays = 0;

  constructor(readonly clients: number) {}

  /** A job's webhook went out at `sentAt` (ms, performance.now()). */
  sent(jobId: string, sentAt: number): void {
    this.jobs.set(jobId, { sentAt, seen: new Uint8Array(this.clients), count: 0 });
  }

  /** Client `client` received an update of `jobId` at `at`. */
  received(client: number, jobId: string, at: number): void {
    const job = this.jobs.get(jobId);
    if (!job || job.seen[client]) {
      this.strays += 1;
      return;
    }
    job.seen[client] = 1;
    job.count += 1;
    this.latencies.push(at - job.sentAt);
  }

  /** Receipts expected for `jobIds` (each at every client) and how many came. */
  share(jobIds: Iterable<string>): { expected: number; received: number } {
    let expected = 0;
    let received = 0;
    for (const id of jobIds) {
      expected += this.clients;
      received += this.jobs.get(id)?.count ?? 0;
    }
    return { expected, received };
  }
}

interface JobLike {
  id?: unknown;
}

/** The job ids an update event carries: `{ job }` or `{ jobs: [...] }`. */
export function jobIdsOf(payload: unknown): string[] {
  if (typeof payload !== "object" || payload === null) return [];
  const { job, jobs } = payload as { job?: JobLike; jobs?: JobLike[] };
  const list = Array.isArray(jobs) ? jobs : job ? [job] : [];
  return list.map((j) => j?.id).filter((id): id is string => typeof id === "string");
}

/** Connected dashboards. */
export interface Dashboards {
  sockets: Socket[];
  close(): void;
}

/**
 * Connects `count` clients (websocket transport, `batch` at a time), each
 * reporting its receipts to `book`; rejects if any fails to connect.
 */
export async function connectDashboards(
  url: string,
  token: string,
  count: number,
  book: ReceiptBook,
  onProgress: (connected: number) => void,
  batch = 50,
): Promise<Dashboards> {
  const sockets: Socket[] = [];
  const close = () => {
    for (const s of sockets) s.disconnect();
  };
  try {
    for (let start = 0; start < count; start += batch) {
      const wave: Promise<void>[] = [];
      for (let i = start; i < Math.min(count, start + batch); i++) {
        const socket = io(url, {
          path: SOCKET_PATH,
          transports: ["websocket"],
          auth: { token },
          reconnection: false,
          forceNew: true,
          timeout: 30_000,
        });
        sockets.push(socket);
        const onUpdate = (payload: unknown) => {
          const at = performance.now();
          for (const id of jobIdsOf(payload)) book.received(i, id, at);
        };
        socket.on("job:updated", onUpdate);
        // A batched event, if the server sends one (same shape with `jobs`).
        socket.on("jobs:updated" as "job:updated", onUpdate);
        wave.push(
          new Promise((resolve, reject) => {
            socket.once("connect", () => resolve());
            socket.once("connect_error", (error) => reject(new Error(`dashboard ${i}: ${error.message}`)));
          }),
        );
      }
      await Promise.all(wave);
      onProgress(sockets.length);
    }
  } catch (error) {
    close();
    throw error;
  }
  return { sockets, close };
}

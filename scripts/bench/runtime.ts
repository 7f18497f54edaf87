/**
 * The server's health under load, two ways: what it says of itself
 * (`GET /api/v1/runtime`, when it has that route: event-loop lag, memory,
 * sockets), and how quickly it answers `GET /healthz` meanwhile — timed from
 * a worker thread, so the benchmark's own busy event loop does not add to it.
 */
import { Worker } from "node:worker_threads";

/** `GET /api/v1/runtime`: the server's own event-loop lag and memory. */
export interface RuntimeStats {
  eventLoop: { p50Ms: number; p99Ms: number; maxMs: number };
  rssBytes: number;
  heapUsedBytes: number;
  sockets: number;
}

/** Reads `GET /api/v1/runtime`; null when the server has no such route (404) or answers something else. */
export async function readRuntime(url: string, token: string): Promise<RuntimeStats | null> {
  try {
    const response = await fetch(`${url}/api/v1/runtime`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      await response.arrayBuffer();
      return null;
    }
    const body = (await response.json()) as Partial<RuntimeStats>;
    return typeof body.eventLoop?.p99Ms === "number" ? (body as RuntimeStats) : null;
  } catch {
    return null;
  }
}

// Plain JavaScript: eval'd workers are not compiled by tsx.
const PROBE = `
const { parentPort, workerData } = require("node:worker_threads");
const samples = [];
let running = true;
parentPort.on("message", () => { running = false; });
(async () => {
  while (running) {
    const t0 = performance.now();
    try {
      const response = await fetch(workerData.url, { signal: AbortSignal.timeout(30000) });
      await response.arrayBuffer();
      samples.push(performance.now() - t0);
    } catch {
      samples.push(performance.now() - t0);
    }
    await new Promise((resolve) => setTimeout(resolve, workerData.intervalMs));
  }
  parentPort.postMessage(samples);
})();
`;

/** A running `/healthz` probe. */
export interface HealthProbe {
  /** Stops probing; resolves with every latency (ms). */
  stop(): Promise<number[]>;
}

/** Times `GET <url>/healthz` one at a time, `intervalMs` apart, until stopped. */
export function startHealthProbe(url: string, intervalMs = 20): HealthProbe {
  const worker = new Worker(PROBE, { eval: true, workerData: { url: `${url}/healthz`, intervalMs } });
  const result = new Promise<number[]>((resolve, reject) => {
    worker.once("message", (samples: number[]) => resolve(samples));
    worker.once("error", reject);
  });
  return {
    async stop() {
      worker.postMessage("stop");
      const samples = await result;
      await worker.terminate();
      return samples;
    },
  };
}

/**
 * The ingest baselines, each run as its own process (like Runwatch) by the
 * benchmark: `node --import tsx scripts/bench/baseline-server.ts <mode>` on
 * 127.0.0.1:$PORT. Any POST is answered 202 once its body is read; mode
 * `read` does nothing else (what HTTP alone costs), mode `verify-parse` also
 * checks GitHub's `X-Hub-Signature-256` in constant time and `JSON.parse`s the
 * body (the least a webhook receiver must do). `GET /healthz` answers 200.
 */
import http from "node:http";
import { timingSafeEqual } from "node:crypto";
import { pathToFileURL } from "node:url";
import { signBody } from "../demo/sender";
import { BENCH_GITHUB_SECRET } from "./deliveries";

/** What a baseline does with a delivery. */
export type BaselineMode = "read" | "verify-parse";

/** Handles one delivery's bytes: resolves with the status to answer. */
export function handleDelivery(mode: BaselineMode, body: Buffer, signature: string | undefined): number {
  if (mode === "read") return 202;
  const expected = Buffer.from(signBody(BENCH_GITHUB_SECRET, body));
  const given = Buffer.from(signature ?? "");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 401;
  try {
    JSON.parse(body.toString("utf8"));
  } catch {
    return 400;
  }
  return 202;
}

function serve(mode: BaselineMode, port: number): void {
  const server = http.createServer((req, res) => {
    if (req.method !== "POST") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const signature = req.headers["x-hub-signature-256"];
      const status = handleDelivery(
        mode,
        Buffer.concat(chunks),
        typeof signature === "string" ? signature : undefined,
      );
      res
        .writeHead(status, { "content-type": "application/json" })
        .end(status === 202 ? '{"ok":true}' : '{"ok":false}');
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(port, "127.0.0.1");
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

// Only when run as a program (its pure part is imported by tests).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const mode = process.argv[2];
  if (mode !== "read" && mode !== "verify-parse") {
    console.error(`baseline-server: unknown mode "${mode}" (read | verify-parse)`);
    process.exit(2);
  }
  serve(mode, Number(process.env.PORT));
}

/**
 * A local HTTP endpoint standing in for a Slack or webhook receiver: it
 * answers 200 to every POST and keeps the JSON bodies it got, in order.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

/** A running receiver. */
export interface AlertReceiver {
  /** Where to point a channel, e.g. `http://127.0.0.1:43121/hook`. */
  url: string;
  /** Every JSON body received so far. */
  bodies: unknown[];
  close: () => Promise<void>;
}

/** Starts a receiver on 127.0.0.1 and a free port. */
export async function startReceiver(): Promise<AlertReceiver> {
  const bodies: unknown[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      try {
        bodies.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch {
        bodies.push(null);
      }
      response.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

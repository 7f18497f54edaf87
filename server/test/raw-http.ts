/**
 * Test helper: HTTP/1.1 over a bare TCP socket, for what `fetch` cannot do:
 * hold a keep-alive connection, send a request slowly or in pieces, pipeline
 * a second request behind a first.
 */
import net from "node:net";

/** One parsed response. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A client connection: write bytes, read the responses that came back. */
export interface RawConnection {
  socket: net.Socket;
  write(text: string): void;
  /** Resolves once `count` complete responses have arrived (or rejects when the socket closes first). */
  responses(count: number, timeoutMs?: number): Promise<RawResponse[]>;
  /** Resolves when the server closes the connection. */
  closed: Promise<void>;
}

/** Splits complete responses (each with a Content-Length) off the front of `data`. */
export function parseResponses(data: string): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = data;
  for (;;) {
    const end = rest.indexOf("\r\n\r\n");
    if (end < 0) break;
    const [statusLine = "", ...lines] = rest.slice(0, end).split("\r\n");
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers["content-length"] ?? 0);
    if (rest.length < end + 4 + length) break;
    responses.push({
      status: Number(statusLine.split(" ")[1]),
      headers,
      body: rest.slice(end + 4, end + 4 + length),
    });
    rest = rest.slice(end + 4 + length);
  }
  return responses;
}

/** Opens a TCP connection to the server at `url` (http only). */
export async function openRaw(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  let data = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => (data += chunk));
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return {
    socket,
    closed,
    write: (text) => void socket.write(text),
    async responses(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const parsed = parseResponses(data);
        if (parsed.length >= count) return parsed;
        if (socket.destroyed || Date.now() > deadline)
          throw new Error(
            `${parsed.length} of ${count} responses before ${socket.destroyed ? "close" : "timeout"}: ${data}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

/**
 * HTTP requests with the path sent byte for byte (`fetch` and `URL` resolve
 * `..` and `%2e%2e` before sending, which would hide what the server does with them).
 */
import http from "node:http";

/** What came back. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** ms from sending the request to the end of the answer. */
  ms: number;
}

/** Options of a raw request. */
export interface RawRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as is; a `content-length` is set unless `headers` has one or `chunked` is true. */
  body?: Buffer | string;
  /** Send the body in chunks (no content-length), `chunkSize` bytes at a time. */
  chunked?: boolean;
  chunkSize?: number;
}

/** Sends one request for `path` (verbatim) to the server at `baseUrl` and reads the whole answer. */
export function rawRequest(
  baseUrl: string,
  path: string,
  options: RawRequestOptions = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    const body = typeof options.body === "string" ? Buffer.from(options.body) : options.body;
    if (body && !options.chunked && headers["content-length"] === undefined) {
      headers["content-length"] = String(body.length);
    }
    const request = http.request({
      hostname,
      port,
      path,
      method: options.method ?? "GET",
      headers,
      agent: false,
    });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          ms: performance.now() - started,
        }),
      );
      response.on("error", reject);
    });
    // The server may answer (413) and close before the whole body is sent.
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
    });
    if (!body) return request.end();
    if (!options.chunked) return request.end(body);
    const size = options.chunkSize ?? 64 * 1024;
    let offset = 0;
    const pump = () => {
      while (offset < body.length) {
        const chunk = body.subarray(offset, offset + size);
        offset += size;
        if (request.destroyed) return;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      request.end();
    };
    pump();
  });
}

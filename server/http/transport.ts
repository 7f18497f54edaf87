/**
 * The Node server under Fastify: plain HTTP, or HTTPS with a certificate that
 * reloads itself, and the timeouts that bound a slow client. Built here (as
 * Fastify's `serverFactory`) rather than by Fastify so the timeouts are
 * passed at construction, where Node reads them, and HTTPS gets them too.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { Duplex } from "node:stream";
import type { FastifyServerFactory } from "fastify";
import { errorBody } from "./errors";
import { readTlsFiles, watchTlsFiles, type TlsFiles, type TlsFilesError } from "./tls-files";

/** Kept open between requests this long (outlasts the usual 60 s idle timeout of load balancers), ms. */
const KEEP_ALIVE_MS = 72_000;

/** How often Node looks for requests past their deadline, ms: a slow client is cut within this of it. */
const TIMEOUT_CHECK_MS = 1000;

/** Options of the transport. */
export interface TransportOptions {
  /** Serve HTTPS from these files; null: plain HTTP. */
  tls: TlsFiles | null;
  /** A request (headers and body) not fully received within this is answered 408, ms. */
  requestTimeoutMs: number;
  /** Told when a changed certificate is served, or could not be (the old one stays). */
  onTlsReload(files: TlsFiles): void;
  onTlsError(error: TlsFilesError): void;
}

/** The server factory and what it leaves running. */
export interface Transport {
  serverFactory: FastifyServerFactory;
  /** `https` when TLS is on. */
  protocol: "http" | "https";
  /** Stops watching the certificate files (nothing to stop for plain HTTP). */
  stop(): void;
}

/**
 * Creates the transport. With TLS the pair is read now, so a missing file or
 * a mismatched key stops start-up with a message naming it.
 * @throws TlsFilesError when the configured pair cannot be served.
 */
export function createTransport(options: TransportOptions): Transport {
  const timeouts: http.ServerOptions = {
    requestTimeout: options.requestTimeoutMs,
    // Headers are part of the request: the same deadline (Node requires headersTimeout <= requestTimeout).
    headersTimeout: options.requestTimeoutMs,
    keepAliveTimeout: KEEP_ALIVE_MS,
    connectionsCheckingInterval: TIMEOUT_CHECK_MS,
  };
  const { tls } = options;
  if (tls === null) {
    return {
      serverFactory: (handler) => http.createServer(timeouts, handler),
      protocol: "http",
      stop: () => undefined,
    };
  }
  const initial = readTlsFiles(tls);
  let stopWatching = () => {};
  return {
    serverFactory: (handler) => {
      const server = https.createServer({ ...timeouts, ...initial }, handler);
      stopWatching = watchTlsFiles(tls, {
        // Only new handshakes see the new pair; open connections keep theirs.
        apply: (next) => server.setSecureContext(next),
        onReload: options.onTlsReload,
        onError: options.onTlsError,
      });
      // https.Server implements http.Server's interface; Fastify's factory type names only the latter.
      return server;
    },
    protocol: "https",
    stop: () => stopWatching(),
  };
}

// Node's client-error codes we answer with a status of their own (anything else is a 400).
const CLIENT_ERRORS: Record<string, { status: string; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: "431 Request Header Fields Too Large",
    code: "headers_too_large",
    message: "request headers are too large",
  },
  // Node raises this for both the headers and the whole-request deadline.
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: "408 Request Timeout",
    code: "request_timeout",
    message: "the request was not received in time",
  },
};

/**
 * Requests Node cannot even parse (oversized headers, garbage) or that arrive
 * too slowly never reach Fastify: answer them in the same JSON error shape,
 * then close the socket.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const known = error.code === undefined ? undefined : CLIENT_ERRORS[error.code];
  const { status, code, message } = known ?? {
    status: "400 Bad Request",
    code: "bad_request",
    message: "malformed request",
  };
  const body = JSON.stringify(errorBody(code, message));
  // The request's own X-Request-Id was never parsed: a fresh one, as for any request without one.
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${randomUUID()}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * One outbound HTTP(S) request under the outbound policy: http and https only;
 * the host is resolved and every address it connects to is checked at connect
 * time (so a name that resolves to a public address first and a private one
 * later — DNS rebinding — is still refused); a deadline for the whole exchange;
 * a cap on the body read; redirects followed by hand, each hop checked again,
 * and credentials dropped when a redirect leaves the first origin.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { mayConnect, type OutboundAllow } from "./address-policy";

/** Why a request was not made or not finished. */
export type OutboundFailure = "refused" | "timeout" | "network" | "too_many_redirects";

/**
 * Thrown by {@link outboundRequest}; `kind` says whether retrying may help
 * (`timeout`, `network`); `code` is the system error of a `network` failure
 * (`ECONNREFUSED`, `ENOTFOUND`…), for callers that word failures themselves.
 */
export class OutboundError extends Error {
  override name = "OutboundError";
  constructor(
    readonly kind: OutboundFailure,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** A socket or DNS error as a `network` failure, keeping its system code. */
const networkFailure = (error: Error): OutboundError =>
  error instanceof OutboundError
    ? error
    : new OutboundError("network", error.message, (error as NodeJS.ErrnoException).code);

/** Options of one request. */
export interface OutboundOptions {
  allow: OutboundAllow;
  /** GET unless said. */
  method?: "GET" | "POST";
  /** Sent as the request body (with its Content-Length). */
  body?: string;
  headers?: Record<string, string>;
  /** Headers sent only while the request stays on the first URL's origin (credentials). */
  originHeaders?: Record<string, string>;
  /** Deadline of the whole exchange, redirects included, ms. */
  timeoutMs?: number;
  /** Largest body kept, bytes. */
  maxBytes?: number;
  /** Over `maxBytes`: keep the first bytes (`head`, the default) or the last (`tail`: logs end with the failure). */
  keep?: "head" | "tail";
  maxRedirects?: number;
  /**
   * False: a 3xx is answered as it came, its `Location` not followed (alert
   * channels: a receiver URL that moved is a configuration error, not a hop to take).
   */
  followRedirects?: boolean;
}

/** The final response. */
export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** True when the body was longer than `maxBytes` and cut. */
  truncated: boolean;
  /** The URL that answered (after redirects). */
  url: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A `lookup` that resolves as usual, then refuses any address the policy does not allow. */
function checkedLookup(allow: OutboundAllow, host: string): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const refused = addresses.find((a) => !mayConnect(allow, host, a.address));
      if (refused)
        return callback(
          new OutboundError("refused", `${host} resolves to ${refused.address}, a non-public address`),
          "",
          0,
        );
      // Node asks for `all` when it races addresses (autoSelectFamily); else it wants one.
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new OutboundError("network", `${host} has no address`), "", 0);
      callback(null, first.address, first.family);
    });
  };
}

/** Checks scheme and a literal-address host before anything is sent. */
function checkUrl(url: URL, allow: OutboundAllow): void {
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new OutboundError("refused", `only http and https URLs may be fetched, not ${url.protocol}`);
  if (url.username || url.password) throw new OutboundError("refused", "URLs with credentials are refused");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // A literal address never reaches `lookup`: check it here.
  if (/^[\d.]+$|:/.test(host) && !mayConnect(allow, host, host))
    throw new OutboundError("refused", `${host} is a non-public address`);
}

function once(
  url: URL,
  headers: Record<string, string>,
  options: OutboundOptions,
  deadline: number,
): Promise<OutboundResponse> {
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(new OutboundError("timeout", `no answer from ${url.host} in time`));
    const request = client.request(url, {
      method: options.method ?? "GET",
      headers:
        options.body === undefined
          ? headers
          : { ...headers, "content-length": String(Buffer.byteLength(options.body)) },
      lookup: checkedLookup(options.allow, url.hostname),
      timeout: remaining,
    });
    const timer = setTimeout(
      () => request.destroy(new OutboundError("timeout", `no answer from ${url.host} in time`)),
      remaining,
    );
    request.on("timeout", () =>
      request.destroy(new OutboundError("timeout", `no answer from ${url.host} in time`)),
    );
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(networkFailure(error));
    });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      response.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size <= maxBytes) return;
        truncated = true;
        if (options.keep !== "tail") {
          response.destroy();
          return finish();
        }
        // Keep only the last maxBytes: drop whole chunks from the front while they are not needed.
        while (chunks.length > 1 && size - (chunks[0]?.length ?? 0) >= maxBytes)
          size -= chunks.shift()?.length ?? 0;
      });
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        const all = Buffer.concat(chunks);
        const body =
          all.length <= maxBytes
            ? all
            : options.keep === "tail"
              ? all.subarray(all.length - maxBytes)
              : all.subarray(0, maxBytes);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body,
          truncated,
          url: url.href,
        });
      };
      response.on("end", finish);
      response.on("error", (error) => {
        if (done) return;
        clearTimeout(timer);
        reject(networkFailure(error));
      });
    });
    request.end(options.body);
  });
}

/**
 * Requests `url` under the policy (GET, or `method` with `body`). Resolves with any HTTP status (the caller
 * decides what a 4xx or 5xx means); rejects with an {@link OutboundError}
 * when the policy refuses a hop, the deadline passes, the network fails, or
 * redirects go on too long.
 */
export async function outboundRequest(url: string, options: OutboundOptions): Promise<OutboundResponse> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const maxRedirects = options.maxRedirects ?? 3;
  if (!URL.canParse(url)) throw new OutboundError("refused", `not a URL: ${JSON.stringify(url)}`);
  let current = new URL(url);
  const origin = current.origin;
  for (let hop = 0; ; hop += 1) {
    checkUrl(current, options.allow);
    const sameOrigin = current.origin === origin;
    const headers = { ...options.headers, ...(sameOrigin ? options.originHeaders : {}) };
    const response = await once(current, headers, options, deadline);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.status) || !location || options.followRedirects === false) return response;
    if (hop >= maxRedirects)
      throw new OutboundError("too_many_redirects", `more than ${maxRedirects} redirects from ${url}`);
    current = new URL(location, current);
  }
}

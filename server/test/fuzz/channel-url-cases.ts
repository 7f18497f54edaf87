/**
 * Alert channel URLs an attacker with the admin scope might try to reach the
 * server's own network with (issue 15, finding 1): every way of spelling
 * loopback, "this host" and cloud metadata, wrapped in the URL tricks parsers
 * disagree on (userinfo, fragments, backslashes, tabs, percent-encoding,
 * full-width digits and dots), plus names that do not resolve. All point at
 * one port, where a trap counts connections: none may arrive.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Random } from "../../../lib/random";

/** Hosts that are loopback, unspecified or metadata however they are written. */
export const REFUSED_HOSTS = [
  "127.0.0.1",
  "127.1",
  "127.0.1",
  "127.255.255.254",
  "2130706433",
  "0x7f000001",
  "0x7f.0x0.0x0.0x1",
  "0177.0.0.1",
  "0177.1",
  "017700000001",
  "127.000.000.001",
  "0",
  "0.0.0.0",
  "localhost",
  "LOCALHOST",
  "localhost.",
  "127.0.0.1.",
  "169.254.169.254",
  "2852039166",
  "0xa9fea9fe",
  "[::1]",
  "[0:0:0:0:0:0:0:1]",
  "[::]",
  "[::ffff:127.0.0.1]",
  "[::ffff:7f00:1]",
  "[0:0:0:0:0:ffff:7f00:1]",
  "[::127.0.0.1]",
  "[64:ff9b::7f00:1]",
  "[2002:7f00:1::]",
  "[fd00:ec2::254]",
  "[::ffff:169.254.169.254]",
  "%31%32%37.0.0.1",
  "１２７.０.０.１",
  "127。0。0。1",
] as const;

/** Names that never resolve (RFC 6761): accepted at creation, then refused or not found when sent. */
const UNRESOLVED = ["hooks.invalid", "a.b.invalid", "xn--nxasmq6b.invalid"] as const;

/** One URL: a refused or unresolved host at `port`, in one of the shapes parsers read differently. */
export function makeChannelUrl(rng: Random, port: number): string {
  const host = rng.chance(0.85) ? rng.pick(REFUSED_HOSTS) : rng.pick(UNRESOLVED);
  const path = `/${rng.text(rng.int(0, 12))}`;
  const scheme = rng.pick(["http", "https", "HTTP", "hTtPs"]);
  switch (rng.int(0, 9)) {
    case 0:
      return `${scheme}://user:pass@${host}:${port}${path}`;
    case 1:
      return `${scheme}://evil.example@${host}:${port}${path}`;
    case 2:
      return `${scheme}://${host}:${port}${path}#@evil.example`;
    case 3:
      return `${scheme}:\\\\${host}:${port}${path}`;
    case 4:
      return `${scheme}://${host}:${port}${path}`.replace(".", "\t.");
    case 5:
      return `${scheme}:/${host}:${port}${path}`;
    case 6:
      return `${scheme}://${host}:${port}${path}?next=http://evil.example/`;
    case 7:
      return `${rng.pick(["ftp", "file", "gopher", "javascript", "data"])}://${host}:${port}${path}`;
    default:
      return `${scheme}://${host}:${port}${path}`;
  }
}

/** A listener on 127.0.0.1 and [::1] at one port that counts every connection offered. */
export interface ConnectionTrap {
  port: number;
  connections(): number;
  close(): Promise<void>;
}

/** Starts the trap (an HTTP server answering 200, so a request that did arrive would also succeed). */
export async function startConnectionTrap(): Promise<ConnectionTrap> {
  let connections = 0;
  const make = () =>
    http.createServer((_, response) => response.end("ok")).on("connection", () => (connections += 1));
  const v4 = make();
  await new Promise<void>((resolve) => v4.listen(0, "127.0.0.1", resolve));
  const port = (v4.address() as AddressInfo).port;
  const v6 = make();
  await new Promise<void>((resolve, reject) => v6.once("error", reject).listen(port, "::1", resolve));
  const close = (server: http.Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    port,
    connections: () => connections,
    close: async () => void (await Promise.all([close(v4), close(v6)])),
  };
}

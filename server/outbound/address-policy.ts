/**
 * Which network addresses an outbound request may reach. Runwatch fetches URLs
 * built from what webhooks and settings name (vendor APIs, later alert
 * channels), so a forged or mistaken URL must not make the server reach its own
 * network: private, loopback, link-local (cloud metadata at 169.254.169.254 and
 * fd00:ec2::254), carrier-grade NAT, multicast and reserved addresses are
 * refused unless `RUNWATCH_OUTBOUND_ALLOW` names the host or a range holding
 * the address. Imports nothing of the server (any layer may use it).
 */
import { BlockList, isIP } from "node:net";

/** The ranges refused by default, as `[address, prefix, family]`. */
const DENIED: readonly [string, number, "ipv4" | "ipv6"][] = [
  ["0.0.0.0", 8, "ipv4"], // "this network"
  ["10.0.0.0", 8, "ipv4"],
  ["100.64.0.0", 10, "ipv4"], // carrier-grade NAT
  ["127.0.0.0", 8, "ipv4"],
  ["169.254.0.0", 16, "ipv4"], // link-local, cloud metadata
  ["172.16.0.0", 12, "ipv4"],
  ["192.0.0.0", 24, "ipv4"], // IETF protocol assignments
  ["192.168.0.0", 16, "ipv4"],
  ["198.18.0.0", 15, "ipv4"], // benchmarking
  ["224.0.0.0", 4, "ipv4"], // multicast
  ["240.0.0.0", 4, "ipv4"], // reserved, broadcast
  // IPv4-compatible (::a.b.c.d, deprecated), the unspecified :: and loopback ::1 all lie in ::/96.
  ["::", 96, "ipv6"],
  // Prefixes that embed an IPv4 address a gateway may forward to: NAT64 and 6to4 (2002:7f00:1:: is 127.0.0.1).
  ["64:ff9b::", 96, "ipv6"],
  ["64:ff9b:1::", 48, "ipv6"],
  ["2002::", 16, "ipv6"],
  ["fc00::", 7, "ipv6"], // unique local (AWS metadata fd00:ec2::254 included)
  ["fe80::", 10, "ipv6"], // link-local
  ["ff00::", 8, "ipv6"], // multicast
];

const denied = new BlockList();
for (const [address, prefix, family] of DENIED) denied.addSubnet(address, prefix, family);

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`), else the address itself. */
function unmapped(address: string): string {
  const match = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!match) return address;
  if (match[1]) return match[1];
  const hi = parseInt(match[2] ?? "0", 16);
  const lo = parseInt(match[3] ?? "0", 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
}

const familyOf = (address: string): "ipv4" | "ipv6" => (isIP(address) === 6 ? "ipv6" : "ipv4");

/** True when `address` (an IP literal) is private, loopback, link-local, metadata or otherwise not public. */
export function isNonPublicAddress(address: string): boolean {
  const plain = unmapped(address.replace(/^\[|\]$/g, ""));
  if (isIP(plain) === 0) return true; // not an address at all: never treat it as public
  return denied.check(plain, familyOf(plain));
}

/** What `RUNWATCH_OUTBOUND_ALLOW` permits beyond public addresses. */
export interface OutboundAllow {
  /** Host names allowed whatever they resolve to, lowercase. */
  hosts: ReadonlySet<string>;
  /** Addresses and ranges allowed. */
  ranges: BlockList;
  /** The entries as given, for messages. */
  entries: readonly string[];
}

/** Thrown by {@link parseOutboundAllow} for an entry that is neither a host, an address nor a CIDR. */
export class OutboundAllowError extends Error {
  override name = "OutboundAllowError";
}

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Parses `RUNWATCH_OUTBOUND_ALLOW`: comma-separated host names (`ci.internal`),
 * addresses (`10.0.0.5`, `::1`) and CIDRs (`10.1.0.0/16`). Empty: only public addresses.
 * @throws OutboundAllowError naming the first entry it cannot read.
 */
export function parseOutboundAllow(text: string | undefined): OutboundAllow {
  const entries = (text ?? "")
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
  const hosts = new Set<string>();
  const ranges = new BlockList();
  for (const entry of entries) {
    const [address = "", prefixText, extra] = entry.split("/");
    const family = isIP(address);
    if (family !== 0 && extra === undefined) {
      const prefix = prefixText === undefined ? (family === 4 ? 32 : 128) : Number(prefixText);
      const max = family === 4 ? 32 : 128;
      if (!/^\d{1,3}$/.test(prefixText ?? "0") || prefix > max)
        throw new OutboundAllowError(`${JSON.stringify(entry)} has an invalid prefix length`);
      ranges.addSubnet(address, prefix, family === 4 ? "ipv4" : "ipv6");
    } else if (prefixText === undefined && HOST_NAME.test(entry)) {
      hosts.add(entry);
    } else {
      throw new OutboundAllowError(`${JSON.stringify(entry)} is not a host name, an address or a CIDR`);
    }
  }
  return { hosts, ranges, entries };
}

/** Allows nothing beyond public addresses. */
export const ALLOW_PUBLIC_ONLY: OutboundAllow = parseOutboundAllow("");

/**
 * Whether a request to `host` that resolved to `address` may go out: a public
 * address always; a non-public one only when `allow` names the host or holds the address.
 */
export function mayConnect(allow: OutboundAllow, host: string, address: string): boolean {
  if (!isNonPublicAddress(address)) return true;
  if (allow.hosts.has(host.toLowerCase().replace(/^\[|\]$/g, ""))) return true;
  const plain = unmapped(address);
  return isIP(plain) !== 0 && allow.ranges.check(plain, familyOf(plain));
}

import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isNonPublicAddress, mayConnect, parseOutboundAllow, ALLOW_PUBLIC_ONLY } from "./address-policy";
import { OutboundError, outboundRequest } from "./request";

describe("isNonPublicAddress", () => {
  it.each([
    ["127.0.0.1", true],
    ["10.2.3.4", true],
    ["172.16.0.1", true],
    ["172.32.0.1", false],
    ["192.168.1.1", true],
    ["169.254.169.254", true],
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["224.0.0.1", true],
    ["::1", true],
    ["::", true],
    ["fe80::1", true],
    ["fd00:ec2::254", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:7f00:1", true],
    ["::ffff:8.8.8.8", false],
    ["8.8.8.8", false],
    ["140.82.112.6", false],
    ["2606:4700::1111", false],
    ["not-an-address", true],
    // IPv6 forms that embed loopback or metadata: IPv4-compatible, NAT64, 6to4, mapped in hex.
    ["::7f00:1", true],
    ["::a9fe:a9fe", true],
    ["64:ff9b::7f00:1", true],
    ["64:ff9b:1::7f00:1", true],
    ["2002:7f00:1::", true],
    ["::ffff:a9fe:a9fe", true],
    ["2001:4860:4860::8888", false],
  ])("%s → %s", (address, expected) => {
    expect(isNonPublicAddress(address)).toBe(expected);
  });
});

describe("parseOutboundAllow and mayConnect", () => {
  const allow = parseOutboundAllow(" 127.0.0.1, 10.1.0.0/16,ci.internal ,fd00::/8");

  it("allows public addresses always, and non-public ones only when listed", () => {
    expect(mayConnect(ALLOW_PUBLIC_ONLY, "api.github.com", "140.82.112.6")).toBe(true);
    expect(mayConnect(ALLOW_PUBLIC_ONLY, "localhost", "127.0.0.1")).toBe(false);
    expect(mayConnect(allow, "localhost", "127.0.0.1")).toBe(true);
    expect(mayConnect(allow, "localhost", "127.0.0.2")).toBe(false);
    expect(mayConnect(allow, "x", "10.1.200.3")).toBe(true);
    expect(mayConnect(allow, "x", "10.2.0.1")).toBe(false);
    expect(mayConnect(allow, "CI.internal", "192.168.5.5")).toBe(true);
    expect(mayConnect(allow, "x", "fd12::1")).toBe(true);
    expect(mayConnect(allow, "x", "::ffff:127.0.0.1")).toBe(true);
  });

  it("refuses an entry it cannot read, naming it", () => {
    expect(() => parseOutboundAllow("10.0.0.0/40")).toThrow('"10.0.0.0/40" has an invalid prefix length');
    expect(() => parseOutboundAllow("http://x")).toThrow('"http://x" is not a host name');
    expect(parseOutboundAllow("").entries).toEqual([]);
  });
});

describe("outboundRequest", () => {
  let server: http.Server;
  let base = "";
  const seen: { url: string; auth: string | undefined }[] = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      seen.push({ url: request.url ?? "", auth: request.headers.authorization });
      if (request.url === "/ok") return response.end("hello");
      if (request.url === "/big") return response.end("a".repeat(5000) + "THE END");
      if (request.url === "/slow") return setTimeout(() => response.end("late"), 2000);
      if (request.url === "/to-private")
        return response.writeHead(302, { location: "http://10.9.9.9/secret" }).end();
      if (request.url === "/to-localhost")
        return response.writeHead(302, { location: `http://localhost:${port()}/ok` }).end();
      if (request.url === "/loop") return response.writeHead(302, { location: "/loop" }).end();
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${port()}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = () => (server.address() as AddressInfo).port;
  const local = parseOutboundAllow("127.0.0.1");

  it("refuses 127.0.0.1 without the allow setting, before sending anything", async () => {
    const before = seen.length;
    await expect(outboundRequest(`${base}/ok`, { allow: ALLOW_PUBLIC_ONLY })).rejects.toMatchObject({
      kind: "refused",
    });
    await expect(
      outboundRequest(`http://localhost:${port()}/ok`, { allow: ALLOW_PUBLIC_ONLY }),
    ).rejects.toThrow(/localhost resolves to .*, a non-public address/);
    expect(seen.length).toBe(before);
  });

  it("fetches an allowed address", async () => {
    const response = await outboundRequest(`${base}/ok`, { allow: local });
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe("hello");
    expect(response.truncated).toBe(false);
  });

  it("refuses schemes other than http(s)", async () => {
    await expect(outboundRequest("file:///etc/passwd", { allow: local })).rejects.toThrow(
      "only http and https URLs may be fetched, not file:",
    );
  });

  it("caps the body, keeping the head or the tail", async () => {
    const head = await outboundRequest(`${base}/big`, { allow: local, maxBytes: 100 });
    expect(head.truncated).toBe(true);
    expect(head.body.toString()).toBe("a".repeat(100));
    const tail = await outboundRequest(`${base}/big`, { allow: local, maxBytes: 10, keep: "tail" });
    expect(tail.truncated).toBe(true);
    expect(tail.body.toString()).toBe("aaaTHE END");
  });

  it("gives up at the deadline", async () => {
    const error: unknown = await outboundRequest(`${base}/slow`, { allow: local, timeoutMs: 200 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OutboundError);
    expect((error as OutboundError).kind).toBe("timeout");
  });

  it("refuses a redirect to a disallowed host, and drops credentials when leaving the origin", async () => {
    await expect(
      outboundRequest(`${base}/to-private`, {
        allow: local,
        originHeaders: { authorization: "Bearer s3cret" },
      }),
    ).rejects.toThrow("10.9.9.9 is a non-public address");
    const allowBoth = parseOutboundAllow("127.0.0.1,localhost");
    const before = seen.length;
    const response = await outboundRequest(`${base}/to-localhost`, {
      allow: allowBoth,
      originHeaders: { authorization: "Bearer s3cret" },
    });
    expect(response.body.toString()).toBe("hello");
    expect(seen.slice(before)).toEqual([
      { url: "/to-localhost", auth: "Bearer s3cret" },
      { url: "/ok", auth: undefined },
    ]);
  });

  it("POSTs a body, and answers a 3xx as it came when told not to follow", async () => {
    const response = await outboundRequest(`${base}/to-localhost`, {
      allow: parseOutboundAllow("127.0.0.1,localhost"),
      method: "POST",
      body: '{"a":1}',
      followRedirects: false,
    });
    expect(response.status).toBe(302);
    expect(response.url).toBe(`${base}/to-localhost`);
    expect(seen.at(-1)).toEqual({ url: "/to-localhost", auth: undefined });
  });

  it("keeps the system code of a network failure", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(outboundRequest(url, { allow: local })).rejects.toMatchObject({
      kind: "network",
      code: "ECONNREFUSED",
    });
  });

  it("stops following redirects after the limit", async () => {
    await expect(outboundRequest(`${base}/loop`, { allow: local, maxRedirects: 2 })).rejects.toMatchObject({
      kind: "too_many_redirects",
    });
  });
});

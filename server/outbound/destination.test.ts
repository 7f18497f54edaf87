/** Resolving a destination under the policy before connecting: literals, names, numeric forms, no answer. */
import { describe, expect, it } from "vitest";
import { ALLOW_PUBLIC_ONLY, parseOutboundAllow } from "./address-policy";
import { refusedUrl, resolveAllowed } from "./destination";

describe("resolveAllowed", () => {
  it("answers a public literal as it is, without DNS", async () => {
    expect(await resolveAllowed("140.82.112.6", ALLOW_PUBLIC_ONLY)).toEqual({
      ok: true,
      address: "140.82.112.6",
      family: 4,
    });
    expect(await resolveAllowed("[2606:4700::1111]", ALLOW_PUBLIC_ONLY)).toEqual({
      ok: true,
      address: "2606:4700::1111",
      family: 6,
    });
  });

  it.each(["127.0.0.1", "[::1]", "::ffff:7f00:1", "169.254.169.254", "fd00:ec2::254", "0.0.0.0"])(
    "refuses the literal %s",
    async (host) => {
      expect(await resolveAllowed(host, ALLOW_PUBLIC_ONLY)).toMatchObject({ ok: false, kind: "refused" });
    },
  );

  it("refuses a name or numeric form that resolves to loopback", async () => {
    // getaddrinfo reads numeric forms the URL parser would have normalised: an SMTP host is never a URL.
    for (const host of ["localhost", "2130706433", "0x7f000001", "127.1"])
      expect([host, await resolveAllowed(host, ALLOW_PUBLIC_ONLY)]).toEqual([
        host,
        {
          ok: false,
          kind: "refused",
          message: expect.stringMatching(/resolves to .*, a non-public address$/),
        },
      ]);
  });

  it("lets a named address through, and nothing beside it", async () => {
    const allow = parseOutboundAllow("127.0.0.1");
    expect(await resolveAllowed("2130706433", allow)).toEqual({ ok: true, address: "127.0.0.1", family: 4 });
    expect(await resolveAllowed("127.0.0.2", allow)).toMatchObject({ ok: false, kind: "refused" });
  });

  it("says not_found for a name with no address", async () => {
    expect(await resolveAllowed("no-such-host.invalid", ALLOW_PUBLIC_ONLY)).toEqual({
      ok: false,
      kind: "not_found",
      message: "no-such-host.invalid has no address",
    });
  });
});

describe("refusedUrl", () => {
  it("refuses only what the policy refuses: a name that does not resolve now is left to connect time", async () => {
    expect(await refusedUrl("http://[::ffff:127.0.0.1]:8080/x", ALLOW_PUBLIC_ONLY)).toBe(
      "::ffff:7f00:1 is a non-public address",
    );
    expect(await refusedUrl("http://2130706433/x", ALLOW_PUBLIC_ONLY)).toBe(
      "127.0.0.1 is a non-public address",
    );
    expect(await refusedUrl("https://no-such-host.invalid/hook", ALLOW_PUBLIC_ONLY)).toBeNull();
    expect(await refusedUrl("https://140.82.112.6/hook", ALLOW_PUBLIC_ONLY)).toBeNull();
  });
});

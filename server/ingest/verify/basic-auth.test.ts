import { describe, expect, it } from "vitest";
import { manualClock } from "../../domain/clock";
import { basicAuth } from "./basic-auth";

const TOKEN = "jenkins-token-0123";
const MISMATCH = "the Basic auth password is not RUNWATCH_JENKINS_TOKEN";
const OPTIONS = { clock: manualClock(0), toleranceMs: 300_000 };

const basic = (userInfo: string) => `Basic ${Buffer.from(userInfo, "utf8").toString("base64")}`;
const request = (authorization?: string) => ({ headers: { authorization }, rawBody: Buffer.alloc(0) });
const verify = (authorization?: string, secret = TOKEN) =>
  basicAuth({ mismatch: MISMATCH })(secret, OPTIONS).verify(request(authorization));

describe("basicAuth", () => {
  it("accepts the token as password, whatever the user", () => {
    expect(verify(basic(`jenkins:${TOKEN}`))).toEqual({ ok: true });
    expect(verify(basic(`anyone:${TOKEN}`))).toEqual({ ok: true });
    expect(verify(basic(`:${TOKEN}`))).toEqual({ ok: true });
    expect(verify(`basic   ${Buffer.from(`u:${TOKEN}`).toString("base64")}`)).toEqual({ ok: true });
  });

  it("accepts a token the plugin sent percent-encoded from the URL", () => {
    expect(verify(basic("u:p%40ss%3Aword"), "p@ss:word")).toEqual({ ok: true });
    expect(verify(basic("u:p@ss:word"), "p@ss:word")).toEqual({ ok: true });
    // A malformed escape is compared as sent, not thrown on.
    expect(verify(basic("u:100%"), "100%")).toEqual({ ok: true });
  });

  it.each([
    ["missing", undefined, "missing Authorization header"],
    ["empty", "", "missing Authorization header"],
    ["another scheme", `Bearer ${TOKEN}`, 'Authorization must be "Basic base64(user:password)"'],
    ["not base64", "Basic ***", 'Authorization must be "Basic base64(user:password)"'],
    ["no colon", basic(TOKEN), 'Authorization must be "Basic base64(user:password)"'],
    ["wrong password", basic("jenkins:wrong"), MISMATCH],
    ["the token as user name", basic(`${TOKEN}:`), MISMATCH],
    [
      "the token, percent-encoded twice",
      basic(`u:${encodeURIComponent(encodeURIComponent(TOKEN + "@"))}`),
      MISMATCH,
    ],
  ])("refuses %s", (_case, header, error) => {
    expect(verify(header)).toEqual({ ok: false, error });
  });

  it("matches nothing with an empty secret, not even an empty password", () => {
    expect(verify(basic("jenkins:"), "")).toEqual({ ok: false, error: MISMATCH });
  });

  it("carries only a non-empty Authorization header", () => {
    const verifier = basicAuth({ mismatch: MISMATCH })(TOKEN, OPTIONS);
    expect(verifier.header).toBe("Authorization");
    expect(verifier.carries(request(basic("u:p")))).toBe(true);
    expect(verifier.carries(request(""))).toBe(false);
    expect(verifier.carries(request(undefined))).toBe(false);
  });

  it("keeps verifying with one prepared secret across calls", () => {
    const verifier = basicAuth({ mismatch: MISMATCH })(TOKEN, OPTIONS);
    expect(verifier.verify(request(basic(`jenkins:${TOKEN}`)))).toEqual({ ok: true });
    expect(verifier.verify(request(basic("jenkins:wrong")))).toEqual({ ok: false, error: MISMATCH });
    expect(verifier.verify(request(basic(`jenkins:${TOKEN}`)))).toEqual({ ok: true });
  });
});

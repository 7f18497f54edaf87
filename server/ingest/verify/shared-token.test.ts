import { describe, expect, it } from "vitest";
import { manualClock } from "../../domain/clock";
import { sharedToken } from "./shared-token";

const TOKEN = "gl-secret-token-0123456789";
const MISMATCH = "X-Gitlab-Token does not match RUNWATCH_GITLAB_TOKEN";
const OPTIONS = { clock: manualClock(0), toleranceMs: 300_000 };
const scheme = sharedToken({ header: "X-Gitlab-Token", mismatch: MISMATCH });
const request = (token?: string) => ({ headers: { "x-gitlab-token": token }, rawBody: Buffer.alloc(0) });

describe("sharedToken", () => {
  it("accepts the exact token", () => {
    expect(scheme(TOKEN, OPTIONS).verify(request(TOKEN))).toEqual({ ok: true });
  });

  it.each([
    ["a wrong token", "gl-secret-token-0123456780"],
    ["a shorter token", "gl-secret"],
    ["a longer token", `${TOKEN}x`],
    ["an empty token", ""],
    ["another case", TOKEN.toUpperCase()],
    ["a padded token", ` ${TOKEN}`],
  ])("refuses %s with the configured text, echoing neither value", (_, given) => {
    expect(scheme(TOKEN, OPTIONS).verify(request(given))).toEqual({ ok: false, error: MISMATCH });
  });

  it("names the header when it is absent, and carries it whenever present (even empty)", () => {
    const verifier = scheme(TOKEN, OPTIONS);
    expect(verifier.verify(request(undefined))).toEqual({
      ok: false,
      error: "missing X-Gitlab-Token header",
    });
    expect(verifier.header).toBe("X-Gitlab-Token");
    expect(verifier.carries(request(""))).toBe(true);
    expect(verifier.carries(request(undefined))).toBe(false);
  });

  it("matches nothing with an empty secret, not even an empty header", () => {
    expect(scheme("", OPTIONS).verify(request(""))).toEqual({ ok: false, error: MISMATCH });
  });

  it("keeps verifying with one prepared token across calls", () => {
    const verifier = scheme(TOKEN, OPTIONS);
    expect(verifier.verify(request(TOKEN))).toEqual({ ok: true });
    expect(verifier.verify(request("nope"))).toEqual({ ok: false, error: MISMATCH });
    expect(verifier.verify(request(TOKEN))).toEqual({ ok: true });
  });
});

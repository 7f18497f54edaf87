import { describe, expect, it } from "vitest";
import { manualClock } from "../../domain/clock";
import { prepareVerifier, type VerificationPolicy } from "./policy";
import { sharedToken } from "./shared-token";
import type { Scheme } from "./verifier";

const OPTIONS = { clock: manualClock(0), toleranceMs: 300_000 };
const alpha = sharedToken({ header: "X-Alpha", mismatch: "X-Alpha is wrong" });
const beta = sharedToken({ header: "X-Beta", mismatch: "X-Beta is wrong" });
const request = (headers: Record<string, string>) => ({ headers, rawBody: Buffer.alloc(0) });

const source = (verification: VerificationPolicy) => ({ secretVariables: ["A", "B"], verification });
const both = (accept: "first" | "any", missing?: string) =>
  source({
    accept,
    schemes: [
      { variable: "A", scheme: alpha, hint: "set up alpha" },
      { variable: "B", scheme: beta, hint: "set up beta" },
    ],
    ...(missing === undefined ? {} : { missing }),
  });

describe("prepareVerifier", () => {
  it("refuses everything, naming the variables, when no secret is set (empty counts as unset)", () => {
    for (const secrets of [{}, { A: "", B: undefined }]) {
      const verify = prepareVerifier(both("any"), secrets, OPTIONS);
      expect(verify(request({ "x-alpha": "" }))).toEqual({
        ok: false,
        error: "set A or B on the Runwatch server",
      });
    }
  });

  it("tries only the schemes whose secret is set", () => {
    const verify = prepareVerifier(both("any"), { B: "b-secret" }, OPTIONS);
    expect(verify(request({ "x-beta": "b-secret" }))).toEqual({ ok: true });
    // The alpha header is not looked at: alpha is off.
    expect(verify(request({ "x-alpha": "anything" }))).toEqual({
      ok: false,
      error: "missing X-Beta header: set up beta",
    });
  });

  it("with several schemes on and none carried, names every header (or the policy's own text)", () => {
    const secrets = { A: "a-secret", B: "b-secret" };
    expect(prepareVerifier(both("any"), secrets, OPTIONS)(request({}))).toEqual({
      ok: false,
      error: "missing X-Alpha or X-Beta header",
    });
    expect(prepareVerifier(both("first", "send X-Beta or X-Alpha"), secrets, OPTIONS)(request({}))).toEqual({
      ok: false,
      error: "send X-Beta or X-Alpha",
    });
  });

  it("any: accepts when any carried scheme verifies, else joins their refusals in order", () => {
    const verify = prepareVerifier(both("any"), { A: "a-secret", B: "b-secret" }, OPTIONS);
    expect(verify(request({ "x-alpha": "wrong", "x-beta": "b-secret" }))).toEqual({ ok: true });
    expect(verify(request({ "x-alpha": "a-secret", "x-beta": "wrong" }))).toEqual({ ok: true });
    expect(verify(request({ "x-alpha": "wrong", "x-beta": "wrong" }))).toEqual({
      ok: false,
      error: "X-Alpha is wrong; X-Beta is wrong",
    });
    expect(verify(request({ "x-beta": "wrong" }))).toEqual({ ok: false, error: "X-Beta is wrong" });
  });

  it("first: the first carried scheme decides alone, even when a later one would verify", () => {
    const verify = prepareVerifier(both("first"), { A: "a-secret", B: "b-secret" }, OPTIONS);
    expect(verify(request({ "x-alpha": "wrong", "x-beta": "b-secret" }))).toEqual({
      ok: false,
      error: "X-Alpha is wrong",
    });
    expect(verify(request({ "x-beta": "b-secret" }))).toEqual({ ok: true });
  });

  it("prepares each scheme once, then reuses it for every request", () => {
    const prepared: string[] = [];
    const counted =
      (scheme: Scheme, name: string): Scheme =>
      (secret, options) => {
        prepared.push(name);
        return scheme(secret, options);
      };
    const verify = prepareVerifier(
      source({
        accept: "any",
        schemes: [
          { variable: "A", scheme: counted(alpha, "alpha") },
          { variable: "B", scheme: counted(beta, "beta") },
        ],
      }),
      { A: "a-secret", B: "b-secret" },
      OPTIONS,
    );
    expect(prepared).toEqual(["alpha", "beta"]);
    const answers = [
      verify(request({ "x-alpha": "a-secret" })),
      verify(request({ "x-beta": "nope" })),
      verify(request({ "x-beta": "b-secret" })),
    ];
    expect(answers).toEqual([{ ok: true }, { ok: false, error: "X-Beta is wrong" }, { ok: true }]);
    expect(prepared).toEqual(["alpha", "beta"]);
  });
});

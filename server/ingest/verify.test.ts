import { describe, expect, it } from "vitest";
import { safeEqual, sha256BodySignature } from "./verify";

const verify = sha256BodySignature("X-Hub-Signature-256");
const request = (signature: string | undefined, body = "Hello, World!") => ({
  headers: { "x-hub-signature-256": signature },
  rawBody: Buffer.from(body),
  now: 0,
  toleranceMs: 300_000,
});

describe("sha256BodySignature", () => {
  it("accepts GitHub's published test vector", () => {
    const signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    expect(verify(request(signature), "It's a Secret to Everybody")).toEqual({ ok: true });
  });

  it("accepts upper-case hex digits", () => {
    const signature = "sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17";
    expect(verify(request(signature), "It's a Secret to Everybody").ok).toBe(true);
  });

  it("rejects the vector under another secret, a changed body, and malformed headers", () => {
    const signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    expect(verify(request(signature), "another secret").ok).toBe(false);
    expect(verify(request(signature, "Hello, World?"), "It's a Secret to Everybody").ok).toBe(false);
    expect(verify(request(undefined), "s")).toEqual({
      ok: false,
      error: "missing X-Hub-Signature-256 header",
    });
    expect(verify(request("sha1=abc"), "s").ok).toBe(false);
    expect(verify(request("sha256=" + "0".repeat(63)), "s").ok).toBe(false);
  });
});

describe("safeEqual", () => {
  it("compares content, including different lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
  });
});

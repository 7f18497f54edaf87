import { describe, expect, it } from "vitest";
import { isOwnOrigin } from "./socket-origin";

describe("isOwnOrigin", () => {
  it("matches the Host the handshake came to, under either scheme and with default ports folded", () => {
    expect(isOwnOrigin("http://127.0.0.1:3000", "127.0.0.1:3000", null)).toBe(true);
    expect(isOwnOrigin("https://CI.Example.com", "ci.example.com", null)).toBe(true);
    expect(isOwnOrigin("https://ci.example.com", "ci.example.com:443", null)).toBe(true);
    expect(isOwnOrigin("http://[::1]:3000", "[::1]:3000", null)).toBe(true);
  });

  it("matches RUNWATCH_PUBLIC_URL's origin exactly, whatever its path", () => {
    const publicUrl = "https://runwatch.example.com/dash";
    expect(isOwnOrigin("https://runwatch.example.com", "10.0.0.5:3000", publicUrl)).toBe(true);
    expect(isOwnOrigin("http://runwatch.example.com", "10.0.0.5:3000", publicUrl)).toBe(false);
    expect(isOwnOrigin("https://runwatch.example.com:8443", "10.0.0.5:3000", publicUrl)).toBe(false);
  });

  it("refuses other hosts, ports, look-alikes, null and non-web schemes", () => {
    expect(isOwnOrigin("http://127.0.0.1:3001", "127.0.0.1:3000", null)).toBe(false);
    expect(isOwnOrigin("http://ci.example.com.evil.example", "ci.example.com", null)).toBe(false);
    expect(isOwnOrigin("http://evil.example", undefined, null)).toBe(false);
    expect(isOwnOrigin("null", "ci.example.com", null)).toBe(false);
    expect(isOwnOrigin("file://ci.example.com", "ci.example.com", null)).toBe(false);
    expect(isOwnOrigin("http://ci.example.com", "ci.example.com/evil", null)).toBe(false);
  });
});

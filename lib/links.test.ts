import { describe, expect, it } from "vitest";
import { httpLink, linkHref } from "./links";

describe("httpLink", () => {
  it.each([
    "https://github.com/acme/api/actions/runs/1/job/2",
    "http://jenkins.internal:8080/job/api/42/",
    "HTTPS://buildkite.com/acme/api/builds/7",
  ])("keeps the http(s) URL %s as it came", (url) => {
    expect(httpLink(url)).toBe(url);
  });

  it.each([
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " \tjavascript:alert(1)",
    "\u0001javascript:alert(1)",
    "java\nscript:alert(1)",
    "jav\tascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "file:///etc/passwd",
    "/relative/path",
    "//evil.example/path",
    "not a url",
    "",
  ])("refuses %j", (value) => {
    expect(httpLink(value)).toBeNull();
    expect(linkHref(value)).toBeUndefined();
  });

  it("returns what the parser reads when the value holds characters a browser drops", () => {
    expect(httpLink(" https://ci.example.com/a\tb ")).toBe("https://ci.example.com/ab");
  });

  it("treats null and undefined as no link", () => {
    expect(httpLink(null)).toBeNull();
    expect(linkHref(undefined)).toBeUndefined();
  });
});

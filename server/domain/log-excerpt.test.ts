import { describe, expect, it } from "vitest";
import { classifyLogLines } from "./failure-category";
import { cleanLogLines, excerptLog, isErrorLine } from "./log-excerpt";

describe("cleanLogLines", () => {
  it("strips GitHub timestamps and ANSI colours", () => {
    expect(
      cleanLogLines(
        "2026-01-02T10:00:00.1234567Z ##[group]Run npm test\n2026-01-02T10:00:01.0000000Z \x1b[31mFAIL\x1b[0m src/a.test.ts\n",
      ),
    ).toEqual(["##[group]Run npm test", "FAIL src/a.test.ts", ""]);
  });

  it("strips GitLab section markers, line timestamps and carriage-return redraws", () => {
    expect(
      cleanLogLines(
        "section_start:1767348000:step_script\r\x1b[0K\x1b[0K\x1b[36;1mExecuting step\x1b[0;m\n2026-01-02T10:00:00.123456Z 00O $ make\nprogress 10%\rprogress 100%\r\n",
      ),
    ).toEqual(["Executing step", "$ make", "progress 100%", ""]);
  });

  it("strips Buildkite's APC timestamps", () => {
    expect(
      cleanLogLines("\x1b_bk;t=1767348000000\x07~~~ Running tests\n\x1b_bk;t=1767348000100\x07ok"),
    ).toEqual(["~~~ Running tests", "ok"]);
  });
});

describe("isErrorLine", () => {
  it.each([
    ["##[error]Process completed with exit code 1.", true],
    ["npm ERR! Test failed.", true],
    ["src/app.ts(3,7): error TS2322: Type 'string' is not assignable", true],
    ["FAIL src/a.test.ts", true],
    ["fatal: could not read Username", true],
    ["Found 0 errors.", false],
    ["Run npx vitest --fail-fast", false],
    ["Compiled successfully", false],
  ])("%s → %s", (line, expected) => {
    expect(isErrorLine(line)).toBe(expected);
  });
});

describe("excerptLog", () => {
  const numbered = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `line ${from + i}`);

  it("keeps 10 lines before the first error and the rest after, 40 in all", () => {
    const raw = [...numbered(50), "Error: boom", ...numbered(50, 51)].join("\n");
    const excerpt = excerptLog(raw);
    expect(excerpt.lines).toHaveLength(40);
    expect(excerpt.lines[0]).toBe("line 41");
    expect(excerpt.firstErrorLine).toBe(10);
    expect(excerpt.lines[10]).toBe("Error: boom");
    expect(excerpt.lines[39]).toBe("line 79");
  });

  it("keeps the tail when no line reads as an error", () => {
    const excerpt = excerptLog(`${numbered(100).join("\n")}\n\n`);
    expect(excerpt.firstErrorLine).toBeNull();
    expect(excerpt.lines[0]).toBe("line 61");
    expect(excerpt.lines.at(-1)).toBe("line 100");
  });

  it("cuts long lines and holds the excerpt to 8 KiB", () => {
    const long = "x".repeat(2000);
    const excerpt = excerptLog(["error here", ...Array.from({ length: 39 }, () => long)].join("\n"));
    expect(excerpt.lines[1]).toBe(`${"x".repeat(500)}…`);
    // 11 bytes for the first line, 504 for each cut one (500 + "…" in 3 bytes + newline): 1 + 16 fit.
    expect(excerpt.lines).toHaveLength(17);
    expect(excerpt.lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0)).toBeLessThanOrEqual(8192);
  });
});

describe("classifyLogLines", () => {
  it.each([
    [["The self-hosted runner: r-1 lost communication with the server."], "infrastructure", "runner_lost"],
    [["The runner has received a shutdown signal."], "infrastructure", "runner_lost"],
    [["##[error]Process completed with exit code 137."], "infrastructure", "out_of_memory"],
    [
      ["FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"],
      "infrastructure",
      "out_of_memory",
    ],
    [["Container was OOMKilled"], "infrastructure", "out_of_memory"],
    [["write /tmp/x: no space left on device"], "infrastructure", "no_space"],
    [
      ["fatal: unable to access 'https://github.com/a/b/': Could not resolve host: github.com"],
      "infrastructure",
      "network",
    ],
    [["npm ERR! network read ECONNRESET"], "infrastructure", "network"],
    [["Error: connect ETIMEDOUT 10.0.0.1:443"], "infrastructure", "network"],
    [["ERROR: Job failed: execution took longer than 1h0m0s seconds"], "infrastructure", "timeout"],
    [
      ["The job running on runner r-1 has exceeded the maximum execution time of 360 minutes."],
      "infrastructure",
      "timeout",
    ],
    [["Tests:       2 failed, 40 passed, 42 total"], "code", "test"],
    [["FAIL src/a.test.ts > adds"], "code", "test"],
    [["--- FAIL: TestAdd (0.00s)"], "code", "test"],
    [["AssertionError: expected 1 to be 2"], "code", "test"],
    [["src/app.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'."], "code", "compile"],
    [["error[E0308]: mismatched types"], "code", "compile"],
    [["✖ 3 problems (3 errors, 0 warnings)"], "code", "lint"],
    [["[warn] Code style issues found in 2 files. Run Prettier to fix."], "code", "lint"],
    [["Process completed with exit code 1."], null, null],
    [[], null, null],
  ] as const)("%j → %s / %s", (lines, category, signal) => {
    expect(classifyLogLines(lines)).toEqual({ category, signal });
  });

  it("ranks infrastructure above code: a machine that died leaves failing tests behind", () => {
    expect(classifyLogLines(["Tests: 3 failed", "Killed signal terminated program cc1plus"])).toEqual({
      category: "infrastructure",
      signal: "out_of_memory",
    });
  });
});

/**
 * The repository stands on its own: a fresh clone with nothing beside it has
 * every fixture its tests read, and no file points at a folder or document
 * outside it (the sibling folder of shared material, its fixtures, or the
 * design document that lives there).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR, fixture } from "./helpers";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SELF = path
  .relative(ROOT, import.meta.filename)
  .split(path.sep)
  .join("/");

/** Text that points outside the repository, spelt in pieces so that no file, this one included, carries it. */
const FORBIDDEN = [["..", "shared"].join("/"), ["shared", "fixtures"].join("/"), ["DESIGN", "md"].join(".")];

/** Folders a walk skips: installed, built or generated, never part of the source (as in .gitignore). */
const NOT_SOURCE = new Set([
  ".git",
  "node_modules",
  ".next",
  "data",
  "test-results",
  "playwright-report",
  "bench-results",
]);

/** Every file of the repository, relative to its root with `/`: git's list, or a walk where git is absent. */
function repositoryFiles(): string[] {
  let listed: string[];
  try {
    // Tracked files plus new ones not ignored, so a file is checked before its first commit.
    const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    listed = out.split("\0").filter(Boolean);
  } catch {
    listed = walk("");
  }
  // Only regular files: git still lists a deleted file, and a symlink (node_modules in a worktree) is no source.
  return [...new Set(listed)].filter((file) =>
    fs.lstatSync(path.join(ROOT, file), { throwIfNoEntry: false })?.isFile(),
  );
}

function walk(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir === "" ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) return NOT_SOURCE.has(entry.name) ? [] : walk(relative);
    return entry.isFile() ? [relative] : [];
  });
}

/** The file's text, or null for a binary file (a NUL byte near the start). */
function textOf(file: string): string | null {
  const bytes = fs.readFileSync(path.join(ROOT, file));
  return bytes.subarray(0, 8000).includes(0) ? null : bytes.toString("utf8");
}

const FILES = repositoryFiles();
const TEXTS = FILES.flatMap((file) => {
  const text = textOf(file);
  return text === null ? [] : [{ file, text }];
});
const SOURCES = TEXTS.filter(({ file }) => /\.(?:ts|tsx|mts|mjs|js)$/.test(file));

describe("the repository stands on its own", () => {
  it("lists the repository's own files", () => {
    expect(FILES).toContain("package.json");
    expect(FILES).toContain("server/test/helpers.ts");
    expect(FILES).toContain(SELF);
    expect(FILES).toContain("test/fixtures/README.md");
    expect(FILES.some((file) => file.startsWith("node_modules/"))).toBe(false);
  });

  it("has no file that points at the sibling shared folder, its fixtures or its design document", () => {
    const offences = TEXTS.flatMap(({ file, text }) =>
      text
        .split("\n")
        .flatMap((line, i) =>
          FORBIDDEN.filter((needle) => line.includes(needle)).map(
            (needle) => `${file}:${i + 1}: ${needle} in ${line.trim()}`,
          ),
        ),
    );
    expect(offences).toEqual([]);
  });

  it("reads the fixtures from test/fixtures, inside the repository", () => {
    expect(FIXTURES_DIR).toBe(path.join(ROOT, "test", "fixtures"));
    expect(fs.statSync(FIXTURES_DIR).isDirectory()).toBe(true);
    // The published signature vector must keep its exact bytes: 756, no trailing newline.
    expect(fixture("buildkite/ping.signed-body.json").length).toBe(756);
  });

  it("resolves every fixture folder a test or e2e helper names to one inside the repository", () => {
    const folders = SOURCES.flatMap(({ file, text }) =>
      [...text.matchAll(/path\.resolve\(\s*import\.meta\.dirname,\s*"([^"]*fixtures[^"]*)"\s*\)/g)].map(
        (match) => ({ file, folder: path.resolve(ROOT, path.dirname(file), match[1]!) }),
      ),
    );
    const names = folders.map(({ file }) => file);
    for (const helper of ["server/test/helpers.ts", "e2e/vendors.ts", "e2e/github.ts"])
      expect(names).toContain(helper);
    const outside = folders.filter(
      ({ folder }) => !folder.startsWith(ROOT + path.sep) || !fs.existsSync(folder),
    );
    expect(outside).toEqual([]);
  });

  it("has every fixture file a test names", () => {
    const named = SOURCES.flatMap(({ file, text }) =>
      [...text.matchAll(/["'`]((?:github|gitlab|buildkite|jenkins)\/[\w.\-/]+\.json)["'`]/g)].map(
        (match) => ({
          file,
          fixture: match[1]!,
        }),
      ),
    );
    expect(named.map(({ fixture }) => fixture)).toContain("github/workflow_job.queued.1.json");
    expect(named.map(({ fixture }) => fixture)).toContain("jenkins/notification-plugin.completed.json");
    const missing = named.filter(({ fixture }) => !fs.existsSync(path.join(FIXTURES_DIR, fixture)));
    expect(missing).toEqual([]);
  });
});

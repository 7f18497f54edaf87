/**
 * The OpenAPI document lints clean under Redocly's `recommended` ruleset,
 * run through the real `@redocly/cli` on the exact document the server
 * serves. A first test proves the linter is really running that ruleset: a
 * copy without `servers` must be reported.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ADAPTERS } from "../ingest/adapters";
import { buildOpenApiDocument } from "./openapi";

/** One problem as `redocly lint --format json` reports it. */
interface LintProblem {
  ruleId: string;
  severity: "error" | "warn";
  message: string;
  location: { pointer?: string }[];
}

const CLI = createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");
// A folder of its own: no redocly.yaml of anyone's is picked up on the way.
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-openapi-lint-"));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

/** Lints a document with the `recommended` rules, offline, and returns every problem. */
function lint(document: object): LintProblem[] {
  const file = path.join(workDir, "openapi.json");
  fs.writeFileSync(file, JSON.stringify(document, null, 2));
  const result = spawnSync(
    process.execPath,
    [CLI, "lint", "--extends", "recommended", "--format", "json", file],
    {
      cwd: workDir,
      encoding: "utf8",
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: "off",
        REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
        NO_COLOR: "1",
      },
      timeout: 60_000,
    },
  );
  // Exit 1 only means "problems found"; anything without a JSON report is a broken run.
  const start = result.stdout.indexOf("{");
  if (start < 0)
    throw new Error(`redocly lint produced no report (exit ${result.status}):\n${result.stderr}`);
  return (JSON.parse(result.stdout.slice(start)) as { problems: LintProblem[] }).problems;
}

const describeProblem = (problem: LintProblem) =>
  `${problem.severity} ${problem.ruleId} at ${problem.location[0]?.pointer ?? "?"}: ${problem.message}`;

describe("OpenAPI document under Redocly's recommended rules", () => {
  const document = buildOpenApiDocument({ adapters: ADAPTERS });

  it("reports a document without servers (the linter really runs)", () => {
    const { servers: _servers, ...withoutServers } = document;
    expect(lint(withoutServers).map((problem) => problem.ruleId)).toEqual(["no-empty-servers"]);
  }, 60_000);

  it("finds no problem in the served document", () => {
    expect(lint(document).map(describeProblem)).toEqual([]);
  }, 60_000);
});

/**
 * Failing log lines, end to end: real webhooks into the real server, which
 * fetches logs from a local HTTP server answering in the shapes the vendors'
 * APIs document (GitHub: 302 to a download URL; GitLab: the plain-text trace;
 * Buildkite: JSON `{ url, content, size, header_times }`), through the
 * outbound-request policy (RUNWATCH_OUTBOUND_ALLOW=127.0.0.1,localhost).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { webhookBody } from "../ingest/buildkite.test-fixtures";
import { adminHeaders, fixtureJson, startTestServer, type TestServer } from "./helpers";
import { buildkiteDelivery, githubDelivery, gitlabDelivery, post } from "./vendors";

const GITHUB_LOG = [
  "2026-01-02T10:00:00.0000000Z ##[group]Run npm test",
  "2026-01-02T10:00:01.0000000Z > vitest run",
  "2026-01-02T10:00:02.0000000Z \u001b[32m✓\u001b[39m src/a.test.ts (3 tests)",
  "2026-01-02T10:00:03.0000000Z \u001b[31mFAIL\u001b[39m src/b.test.ts > adds",
  "2026-01-02T10:00:03.1000000Z AssertionError: expected 3 to be 4",
  "2026-01-02T10:00:04.0000000Z Tests  1 failed | 3 passed (4)",
  "2026-01-02T10:00:05.0000000Z ##[error]Process completed with exit code 1.",
  "",
].join("\n");
const GITLAB_TRACE =
  'section_start:1767348000:step_script\r\u001b[0K\u001b[0K\u001b[36;1mExecuting "step_script" stage\u001b[0;m\n$ npm ci\nnpm ERR! code ECONNRESET\nnpm ERR! network read ECONNRESET\nsection_end:1767348010:step_script\r\u001b[0K\n';
const BUILDKITE_LOG =
  "\u001b_bk;t=1767348000000\u0007~~~ Running yarn test\n\u001b_bk;t=1767348000100\u0007Killed\n\u001b_bk;t=1767348000200\u0007error Command failed with exit code 137.\n";

interface Seen {
  path: string;
  auth: string | undefined;
  privateToken: string | undefined;
}

describe("failing log lines", () => {
  let vendor: http.Server;
  let api = "";
  const seen: Seen[] = [];
  let gitlabFailuresLeft = 0;
  let server: TestServer | null = null;

  beforeAll(async () => {
    vendor = http.createServer((request, response) => {
      const path = request.url ?? "";
      seen.push({
        path,
        auth: request.headers.authorization,
        privateToken: request.headers["private-token"] as string | undefined,
      });
      if (/^\/repos\/Codertocat\/Hello-World\/actions\/jobs\/289782451\/logs$/.test(path))
        // GitHub answers with a redirect to a short-lived download URL on another host.
        return response
          .writeHead(302, { location: `http://localhost:${port()}/download/289782451.txt` })
          .end();
      if (path === "/download/289782451.txt")
        return response.writeHead(200, { "content-type": "text/plain" }).end(GITHUB_LOG);
      if (path === "/api/v4/projects/jsmithy2%2Frelease-tools-fake/jobs/3580121225/trace") {
        if (gitlabFailuresLeft > 0) {
          gitlabFailuresLeft -= 1;
          return response
            .writeHead(500, { "content-type": "application/json" })
            .end('{"message":"500 Internal Server Error"}');
        }
        return response.writeHead(200, { "content-type": "text/plain" }).end(GITLAB_TRACE);
      }
      if (path.startsWith("/v2/organizations/my-org/pipelines/my-pipeline/builds/123456/jobs/"))
        return response.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            url: `${api}${path}`,
            content: BUILDKITE_LOG,
            size: BUILDKITE_LOG.length,
            header_times: [],
          }),
        );
      response.writeHead(404, { "content-type": "application/json" }).end('{"message":"Not Found"}');
    });
    await new Promise<void>((resolve) => vendor.listen(0, "127.0.0.1", resolve));
    api = `http://127.0.0.1:${port()}`;
  });
  afterAll(() => new Promise<void>((resolve) => vendor.close(() => resolve())));
  afterEach(async () => {
    await server?.close();
    server = null;
    seen.length = 0;
  });
  const port = () => (vendor.address() as AddressInfo).port;

  const withTokens = (extra: Record<string, string> = {}) => ({
    RUNWATCH_OUTBOUND_ALLOW: "127.0.0.1,localhost",
    RUNWATCH_GITHUB_READ_TOKEN: "ghp_readtoken123",
    RUNWATCH_GITHUB_API_URL: api,
    RUNWATCH_GITLAB_READ_TOKEN: "glpat-readtoken123",
    RUNWATCH_GITLAB_URL: api,
    RUNWATCH_BUILDKITE_READ_TOKEN: "bkua_readtoken123",
    RUNWATCH_BUILDKITE_API_URL: api,
    ...extra,
  });

  const failedGithubJob = () => JSON.stringify(fixtureJson("github/workflow_job.completed.1.json"));
  const failedGitlabJob = () => {
    const job = fixtureJson("gitlab/job.success.json");
    return JSON.stringify({ ...job, build_status: "failed", build_failure_reason: "script_failure" });
  };
  const failedBuildkiteJob = () => {
    const body = webhookBody("job.finished.json");
    const job = body.job as Record<string, unknown>;
    return JSON.stringify({ ...body, job: { ...job, passed: false, state: "failed", exit_status: 137 } });
  };
  const getLog = (s: TestServer, id: string) =>
    fetch(`${s.url}/api/v1/jobs/${encodeURIComponent(id)}/log`, { headers: adminHeaders });

  it("GitHub: a failing job leads to one fetch, following the redirect without the token, and stores the excerpt and its category", async () => {
    server = await startTestServer({ env: withTokens() });
    expect((await post(server.url, githubDelivery("workflow_job", failedGithubJob()))).status).toBe(202);
    await server.logs.idle();
    await server.logs.tick();

    expect(seen).toEqual([
      {
        path: "/repos/Codertocat/Hello-World/actions/jobs/289782451/logs",
        auth: "Bearer ghp_readtoken123",
        privateToken: undefined,
      },
      { path: "/download/289782451.txt", auth: undefined, privateToken: undefined },
    ]);
    const response = await getLog(server, "github:289782451");
    expect(response.status).toBe(200);
    const log = (await response.json()) as Record<string, unknown>;
    expect(log).toMatchObject({
      jobId: "github:289782451",
      lines: [
        "##[group]Run npm test",
        "> vitest run",
        "✓ src/a.test.ts (3 tests)",
        "FAIL src/b.test.ts > adds",
        "AssertionError: expected 3 to be 4",
        "Tests  1 failed | 3 passed (4)",
        "##[error]Process completed with exit code 1.",
      ],
      firstErrorLine: 3,
      category: "code",
      signal: "test",
    });
    const job = (await (
      await fetch(`${server.url}/api/v1/jobs/github%3A289782451`, { headers: adminHeaders })
    ).json()) as {
      failure: { category?: string };
    };
    expect(job.failure.category).toBe("code");

    // Redelivered and looked at again: never fetched twice.
    await post(server.url, githubDelivery("workflow_job", failedGithubJob(), "another-delivery-id"));
    await server.logs.tick();
    expect(seen).toHaveLength(2);
  });

  it("GitLab: a 500 is retried with backoff, then the trace is stored as an infrastructure (network) failure", async () => {
    gitlabFailuresLeft = 1;
    server = await startTestServer({ env: withTokens(), logFetching: { baseDelayMs: 50, pollMs: 60_000 } });
    expect((await post(server.url, gitlabDelivery("Job Hook", failedGitlabJob()))).status).toBe(202);
    await server.logs.idle();
    expect(seen.map((s) => s.path)).toEqual([
      "/api/v4/projects/jsmithy2%2Frelease-tools-fake/jobs/3580121225/trace",
    ]);
    expect((await getLog(server, "gitlab:3580121225")).status).toBe(404);

    await new Promise((resolve) => setTimeout(resolve, 80));
    await server.logs.tick();
    expect(seen).toHaveLength(2);
    expect(seen[1]?.privateToken).toBe("glpat-readtoken123");
    const log = (await (await getLog(server, "gitlab:3580121225")).json()) as Record<string, unknown>;
    expect(log).toMatchObject({
      lines: [
        'Executing "step_script" stage',
        "$ npm ci",
        "npm ERR! code ECONNRESET",
        "npm ERR! network read ECONNRESET",
      ],
      firstErrorLine: 2,
      category: "infrastructure",
      signal: "network",
    });
  });

  it("Buildkite: the JSON log's content is read, and exit 137 reads as out of memory", async () => {
    server = await startTestServer({ env: withTokens() });
    expect((await post(server.url, buildkiteDelivery(failedBuildkiteJob()))).status).toBe(202);
    await server.logs.idle();
    await server.logs.tick();
    expect(seen.map((s) => [s.path, s.auth])).toEqual([
      [
        "/v2/organizations/my-org/pipelines/my-pipeline/builds/123456/jobs/9e6c3f19-4fdb-4e8e-b925-28cd7504e17f/log",
        "Bearer bkua_readtoken123",
      ],
    ]);
    const log = (await (
      await getLog(server, "buildkite:9e6c3f19-4fdb-4e8e-b925-28cd7504e17f")
    ).json()) as Record<string, unknown>;
    expect(log).toMatchObject({
      lines: ["~~~ Running yarn test", "Killed", "error Command failed with exit code 137."],
      firstErrorLine: 1,
      category: "infrastructure",
      signal: "out_of_memory",
    });
  });

  it("Triage by category: the failing lines outrank the cause the vendor's step gave", async () => {
    server = await startTestServer({ env: withTokens() });
    const url = server.url;
    const byCategory = async () => {
      const response = await fetch(`${url}/api/v1/metrics/failures?window=24h&groupBy=category`, {
        headers: adminHeaders,
      });
      const body = (await response.json()) as { total: number; groups: { key: string; count: number }[] };
      return body.groups.map((g) => [g.key, g.count]);
    };
    // The fixture's job finished in 2019: moved to the last hour, so it is in the window.
    const recent = JSON.parse(failedBuildkiteJob()) as { job: Record<string, unknown> };
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    // Exit status 1, not 137: nothing in the event itself points at the machine.
    Object.assign(recent.job, {
      exit_status: 1,
      runnable_at: hoursAgo(1),
      started_at: hoursAgo(0.9),
      finished_at: hoursAgo(0.5),
    });
    expect((await post(url, buildkiteDelivery(JSON.stringify(recent)))).status).toBe(202);
    await server.logs.idle();
    // The vendor's event alone calls it a test failure (the code's); the log lines say the machine ran out of memory.
    const job = (await (
      await fetch(`${url}/api/v1/jobs/buildkite%3A9e6c3f19-4fdb-4e8e-b925-28cd7504e17f`, {
        headers: adminHeaders,
      })
    ).json()) as { failure: { cause: string } };
    expect(job.failure.cause).toBe("test");
    await server.logs.tick();
    expect(
      (await (await getLog(server, "buildkite:9e6c3f19-4fdb-4e8e-b925-28cd7504e17f")).json()) as object,
    ).toMatchObject({
      category: "infrastructure",
    });
    expect(await byCategory()).toEqual([["infrastructure", 1]]);
  });

  it("without a read token nothing is fetched and the log answers 404 JSON", async () => {
    server = await startTestServer({
      env: { RUNWATCH_OUTBOUND_ALLOW: "127.0.0.1", RUNWATCH_GITHUB_API_URL: api },
    });
    expect((await post(server.url, githubDelivery("workflow_job", failedGithubJob()))).status).toBe(202);
    await server.logs.idle();
    await server.logs.tick();
    expect(seen).toEqual([]);
    const response = await getLog(server, "github:289782451");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found", field: "id" } });
    const job = (await (
      await fetch(`${server.url}/api/v1/jobs/github%3A289782451`, { headers: adminHeaders })
    ).json()) as {
      failure: Record<string, unknown>;
    };
    expect(job.failure).not.toHaveProperty("category");
  });

  it("the policy refuses 127.0.0.1 without RUNWATCH_OUTBOUND_ALLOW: the fetch is given up, nothing is sent", async () => {
    const { RUNWATCH_OUTBOUND_ALLOW: _dropped, ...env } = withTokens();
    server = await startTestServer({ env });
    expect((await post(server.url, githubDelivery("workflow_job", failedGithubJob()))).status).toBe(202);
    await server.logs.idle();
    await server.logs.tick();
    expect(seen).toEqual([]);
    expect((await getLog(server, "github:289782451")).status).toBe(404);
    // Refused is final: no retry is scheduled.
    expect(await server.store.dueLogFetches(Date.now() + 86_400_000, 10)).toEqual([]);
  });
});

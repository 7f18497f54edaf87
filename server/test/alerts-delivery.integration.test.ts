/**
 * Alert delivery end to end: real GitHub deliveries into the real server,
 * rules and channels provisioned over HTTP, and real receivers (local HTTP
 * servers for Slack, Teams, Discord and a signed webhook; a real SMTP server
 * for email) asserting on exactly what arrives. The clock is manual, so the
 * retry schedule is walked through in milliseconds.
 */
import { createHmac } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import type { Alert, AlertFiredPayload, AlertListResponse } from "../../lib/alerts";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/events";
import type { RetryPolicy } from "../alerts/retry";
import {
  startReceiver,
  startSmtpReceiver,
  type Answer,
  type HttpReceiver,
} from "../alerts/send.test-receivers";
import { manualClock } from "../domain/clock";
import {
  ADMIN_TOKEN,
  adminHeaders,
  fixtureJson,
  postGithub,
  startTestServer,
  type TestServer,
} from "./helpers";

const PUBLIC_URL = "https://runwatch.example";
const FROM = "Runwatch <alerts@runwatch.example>";
const SECRET = "receiver-signing-secret-0123";
const T0 = Date.parse("2021-08-05T11:00:00Z");
const TOKEN_PATH = "/services/T01/B02/tokentokentoken";
const GITHUB_JOB_URL = "https://github.com/octo-org/octo-repo/runs/1291536064";
const BROKE_TITLE = "Broke: Codertocat/Hello-World · CodeQL › linters on main";
const BROKE_SUMMARY =
  'linters (Codertocat/Hello-World · CodeQL) failed on main (test in "Run yarn run format-check"); it passed before.';
const FIXED_TITLE = "Fixed: Codertocat/Hello-World · CodeQL › linters on main";
const FIXED_SUMMARY =
  "linters (Codertocat/Hello-World · CodeQL) passes again on main after 2 failures over 20m.";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});
const later = <T extends { close(): Promise<void> | void }>(thing: T): T => {
  cleanups.push(() => thing.close());
  return thing;
};

async function server(env: Record<string, string> = {}, options: Parameters<typeof startTestServer>[0] = {}) {
  const clock = manualClock(T0);
  const started = later(
    await startTestServer({
      clock,
      ...options,
      // The receivers listen on loopback: the outbound policy lets them through only because it is named.
      env: { RUNWATCH_PUBLIC_URL: PUBLIC_URL, RUNWATCH_OUTBOUND_ALLOW: "127.0.0.1", ...env, ...options.env },
    }),
  );
  return { server: started, clock };
}

async function api<T>(s: TestServer, method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(`${s.url}/api/v1${url}`, {
    method,
    headers: { ...adminHeaders, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, `${method} ${url}`).toBeLessThan(300);
  return (await response.json()) as T;
}
const channel = (s: TestServer, input: unknown) => api<{ id: string }>(s, "POST", "/channels", input);
const jobRule = (s: TestServer, channels: string[], on: string[]) =>
  api<{ id: string }>(s, "POST", "/alert-rules", {
    name: "Hello-World main",
    kind: "job_state",
    severity: "critical",
    match: { repo: "Codertocat/*", branch: "main" },
    on,
    channels,
  });

/** The fixture job `linters` finishing as job `id` at `minute` past 10:00 (fixture 1 fails, fixture 2 passes). */
async function finish(s: TestServer, id: number, outcome: "failure" | "success", minute: number) {
  const body = fixtureJson<{ workflow_job: Record<string, unknown> }>(
    `github/workflow_job.completed.${outcome === "failure" ? 1 : 2}.json`,
  );
  Object.assign(body.workflow_job, {
    id,
    completed_at: `2021-08-05T10:${String(minute).padStart(2, "0")}:00Z`,
  });
  expect((await postGithub(s.url, JSON.stringify(body))).status).toBe(202);
}

/** Waits for the dispatcher to evaluate what ingest queued and the outbox to send what is due. */
async function settle(s: TestServer): Promise<void> {
  await s.alerts.dispatcher.idle();
  await s.alerts.outbox.drain();
}
const latestAlert = async (s: TestServer) => (await api<AlertListResponse>(s, "GET", "/alerts")).items[0];
const withoutDeliveries = ({ deliveries: _, ...alert }: AlertListResponse["items"][number]): Alert => alert;

describe("alert delivery", () => {
  it("tells every channel type that a job broke and was fixed, quiet in between", async () => {
    const receivers: Record<string, HttpReceiver> = {};
    for (const kind of ["slack", "teams", "discord", "webhook"])
      receivers[kind] = later(await startReceiver());
    const smtp = later(await startSmtpReceiver());
    const { server: s, clock } = await server({
      RUNWATCH_SMTP_HOST: "127.0.0.1",
      RUNWATCH_SMTP_PORT: String(smtp.port),
      RUNWATCH_SMTP_FROM: FROM,
    });
    const ids: string[] = [];
    for (const [kind, r] of Object.entries(receivers)) {
      const config = { url: r.url + TOKEN_PATH, ...(kind === "webhook" ? { secret: SECRET } : {}) };
      ids.push((await channel(s, { name: kind, kind, config })).id);
    }
    ids.push((await channel(s, { name: "mail", kind: "email", config: { to: ["oncall@example.com"] } })).id);
    await jobRule(s, ids, ["broke", "fixed"]);

    await finish(s, 5001, "success", 10);
    await finish(s, 5002, "failure", 20);
    await settle(s);
    const broke = withoutDeliveries((await latestAlert(s))!);
    expect(broke).toMatchObject({
      event: "broke",
      state: "firing",
      severity: "critical",
      link: `${PUBLIC_URL}/jobs/github%3A5002`,
      summary: BROKE_SUMMARY,
    });

    const bodyOf = (kind: string, i = 0) =>
      JSON.parse(receivers[kind]?.requests[i]?.body ?? "null") as unknown;
    expect(receivers.slack?.requests[0]?.path).toBe(TOKEN_PATH);
    expect(bodyOf("slack")).toEqual({
      text: `${BROKE_TITLE}: ${BROKE_SUMMARY}`,
      blocks: [
        { type: "header", text: { type: "plain_text", text: `:red_circle: ${BROKE_TITLE}`, emoji: true } },
        { type: "section", text: { type: "mrkdwn", text: BROKE_SUMMARY } },
        {
          type: "section",
          fields: [
            "*Repository*\nCodertocat/Hello-World",
            "*Branch*\nmain",
            "*Workflow*\nCodeQL",
            "*Job*\nlinters",
            "*Runner*\nGitHub Actions 5",
            "*Source*\nGitHub",
          ].map((text) => ({ type: "mrkdwn", text })),
        },
        {
          type: "section",
          fields: [
            "*Status*\nfailure",
            "*Cause*\ntest · Run yarn run format-check",
            "*Commit*\n3484a3fb816e",
          ].map((text) => ({ type: "mrkdwn", text })),
        },
        {
          type: "context",
          elements: [
            { type: "mrkdwn", text: "Rule *Hello-World main* · critical · firing" },
            // 1628158800 is 2021-08-05T10:20:00Z, when the job broke; the clock reads 11:00.
            {
              type: "mrkdwn",
              text: "Since <!date^1628158800^{date_short_pretty} {time}|2021-08-05 10:20 UTC (40m ago)>",
            },
          ],
        },
        {
          type: "actions",
          elements: [
            {
              type: "button",
              action_id: "runwatch-link-0",
              text: { type: "plain_text", text: "Open in GitHub" },
              url: GITHUB_JOB_URL,
              style: "primary",
            },
            {
              type: "button",
              action_id: "runwatch-link-1",
              text: { type: "plain_text", text: "Open in Runwatch" },
              url: `${PUBLIC_URL}/jobs/github%3A5002`,
            },
          ],
        },
      ],
      unfurl_links: false,
      unfurl_media: false,
    });
    expect(bodyOf("teams")).toMatchObject({
      type: "message",
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          content: {
            type: "AdaptiveCard",
            version: "1.4",
            body: [
              { type: "TextBlock", text: BROKE_TITLE, color: "Attention" },
              // Teams reads Markdown: parentheses are escaped.
              {
                type: "TextBlock",
                text: 'linters \\(Codertocat/Hello-World · CodeQL\\) failed on main \\(test in "Run yarn run format-check"\\); it passed before.',
              },
              { type: "FactSet" },
              { type: "TextBlock", text: "Rule Hello-World main · critical · firing" },
            ],
            actions: [
              { type: "Action.OpenUrl", title: "Open in GitHub", url: GITHUB_JOB_URL },
              { type: "Action.OpenUrl", title: "Open in Runwatch", url: `${PUBLIC_URL}/jobs/github%3A5002` },
            ],
          },
        },
      ],
    });
    expect(bodyOf("discord")).toMatchObject({
      username: "Runwatch",
      embeds: [
        {
          title: BROKE_TITLE,
          url: `${PUBLIC_URL}/jobs/github%3A5002`,
          color: 14232864,
          timestamp: "2021-08-05T11:00:00.000Z",
          footer: { text: "Runwatch · rule Hello-World main · critical · firing" },
        },
      ],
      allowed_mentions: { parse: [] },
    });
    const hook = receivers.webhook?.requests[0];
    const ts = String(hook?.headers["x-runwatch-timestamp"]);
    expect(ts).toBe(String(T0 / 1000));
    const mac = createHmac("sha256", SECRET).update(`${ts}.${hook?.body}`).digest("hex");
    expect(hook?.headers["x-runwatch-signature-256"]).toBe(`sha256=${mac}`);
    expect(JSON.parse(hook?.body ?? "")).toEqual({
      version: 1,
      alert: {
        id: broke.id,
        rule: "Hello-World main",
        ruleId: broke.ruleId,
        kind: "job_state",
        severity: "critical",
        state: "firing",
        event: "broke",
        notice: "firing",
        summary: BROKE_SUMMARY,
        subject: '["github","Codertocat/Hello-World","main","CodeQL","linters"]',
        where: {
          source: "github",
          repo: "Codertocat/Hello-World",
          branch: "main",
          workflow: "CodeQL",
          job: "linters",
          runner: "GitHub Actions 5",
        },
        facts: [
          { label: "Status", value: "failure" },
          { label: "Cause", value: "test · Run yarn run format-check" },
          { label: "Commit", value: "3484a3fb816e" },
        ],
        since: "2021-08-05T10:20:00.000Z",
        firedAt: "2021-08-05T11:00:00.000Z",
        resolvedAt: null,
        job: {
          id: "github:5002",
          source: "github",
          repo: "Codertocat/Hello-World",
          workflow: "CodeQL",
          name: "linters",
          branch: "main",
          sha: "3484a3fb816e0859fd6e1cea078d76385ff50625",
          status: "failure",
          finishedAt: "2021-08-05T10:20:00Z",
          url: GITHUB_JOB_URL,
          runner: "GitHub Actions 5",
        },
        url: `${PUBLIC_URL}/jobs/github%3A5002`,
      },
    });

    const [mail] = await smtp.waitFor(1);
    expect(mail).toMatchObject({ from: "alerts@runwatch.example", to: ["oncall@example.com"] });
    const parsed = await simpleParser(mail?.raw ?? "");
    expect(parsed.from?.text).toBe('"Runwatch" <alerts@runwatch.example>');
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : null).toBe("oncall@example.com");
    expect(parsed.subject).toBe(`[Runwatch] [critical] ${BROKE_TITLE}`);
    expect(parsed.text?.trim()).toBe(
      [
        BROKE_TITLE,
        "",
        BROKE_SUMMARY,
        "",
        "Repository: Codertocat/Hello-World",
        "Branch: main",
        "Workflow: CodeQL",
        "Job: linters",
        "Runner: GitHub Actions 5",
        "Source: GitHub",
        "Status: failure",
        "Cause: test · Run yarn run format-check",
        "Commit: 3484a3fb816e",
        "Since: 2021-08-05 10:20 UTC (40m ago)",
        "",
        `Open in GitHub: ${GITHUB_JOB_URL}`,
        `Open in Runwatch: ${PUBLIC_URL}/jobs/github%3A5002`,
        "",
        "Rule: Hello-World main · critical · firing · 2021-08-05T11:00:00.000Z",
      ].join("\n"),
    );

    // Still failing: the rule notifies broke and fixed only.
    clock.advance(5 * 60_000);
    await finish(s, 5003, "failure", 30);
    await settle(s);
    expect(receivers.slack?.requests).toHaveLength(1);

    await finish(s, 5004, "success", 40);
    await settle(s);
    const fixed = withoutDeliveries((await latestAlert(s))!);
    expect(fixed).toMatchObject({ id: broke.id, event: "fixed", state: "resolved" });
    expect(fixed.summary).toBe(FIXED_SUMMARY);
    expect(bodyOf("slack", 1)).toMatchObject({
      text: `${FIXED_TITLE}: ${FIXED_SUMMARY}`,
      blocks: expect.arrayContaining([
        {
          type: "header",
          text: { type: "plain_text", text: `:white_check_mark: ${FIXED_TITLE}`, emoji: true },
        },
        {
          type: "context",
          elements: [
            { type: "mrkdwn", text: "Rule *Hello-World main* · critical · resolved" },
            {
              type: "mrkdwn",
              text: "Since <!date^1628158800^{date_short_pretty} {time}|2021-08-05 10:20 UTC (45m ago)>",
            },
          ],
        },
      ]),
    });
    expect(bodyOf("discord", 1)).toMatchObject({
      embeds: [
        {
          title: FIXED_TITLE,
          url: `${PUBLIC_URL}/jobs/github%3A5004`,
          color: 1226602,
          timestamp: "2021-08-05T11:05:00.000Z",
          footer: { text: "Runwatch · rule Hello-World main · critical · resolved" },
        },
      ],
    });
    expect(JSON.parse(receivers.webhook?.requests[1]?.body ?? "")).toMatchObject({
      version: 1,
      alert: {
        id: broke.id,
        state: "resolved",
        event: "fixed",
        notice: "resolved",
        summary: FIXED_SUMMARY,
        facts: [
          { label: "Status", value: "success" },
          { label: "Commit", value: "3484a3fb816e" },
          { label: "Failures in a row", value: "2" },
        ],
        resolvedAt: "2021-08-05T11:05:00.000Z",
        job: { id: "github:5004", status: "success", finishedAt: "2021-08-05T10:40:00Z" },
        url: `${PUBLIC_URL}/jobs/github%3A5004`,
      },
    });
    const mails = await smtp.waitFor(2);
    expect((await simpleParser(mails[1]?.raw ?? "")).subject).toBe(`[Runwatch] [resolved] ${FIXED_TITLE}`);

    const log = (await latestAlert(s))!.deliveries;
    // Two notices (broke, fixed) to five channels, each sent at the first attempt.
    expect(log.map((d) => [d.status, d.attempts, d.lastError])).toEqual(
      Array.from({ length: 10 }, () => ["sent", 1, null]),
    );
  });

  it("retries a failing receiver: Retry-After, then backoff, then delivered", async () => {
    const answers: Answer[] = [
      { status: 503, headers: { "retry-after": "1" } },
      { status: 503 },
      { status: 200 },
    ];
    const r = later(await startReceiver((_, i) => answers[i] ?? { status: 200 }));
    const policy: RetryPolicy = {
      baseMs: 1000,
      capMs: 60_000,
      maxAttempts: 5,
      maxRetryAfterMs: 60_000,
      jitter: "equal",
    };
    const { server: s, clock } = await server({}, { alerting: { retryPolicy: policy, random: () => 0.5 } });
    const hook = await channel(s, { name: "hook", kind: "webhook", config: { url: r.url } });
    await jobRule(s, [hook.id], ["broke"]);
    await finish(s, 6001, "failure", 20);
    await settle(s);
    const delivery = async () => (await latestAlert(s))!.deliveries[0];
    expect(await delivery()).toMatchObject({
      status: "pending",
      attempts: 1,
      nextAttemptAt: new Date(T0 + 1000).toISOString(),
    });
    clock.advance(999);
    await settle(s);
    expect(r.requests).toHaveLength(1);
    clock.advance(1);
    await settle(s);
    // Second failure, no Retry-After: 2 s backoff with equal jitter at 0.5 = 1.5 s.
    expect(await delivery()).toMatchObject({
      status: "pending",
      attempts: 2,
      nextAttemptAt: new Date(T0 + 2500).toISOString(),
    });
    clock.advance(1500);
    await settle(s);
    expect(await delivery()).toMatchObject({
      status: "sent",
      attempts: 3,
      sentAt: new Date(T0 + 2500).toISOString(),
    });
    expect(r.requests.map((q) => q.body)).toEqual(Array(3).fill(r.requests[0]?.body));
    expect(new Set(r.requests.map((q) => q.headers["x-runwatch-delivery"])).size).toBe(1);
  });

  it("keeps pending notifications across a restart", async () => {
    const down = await startReceiver();
    const port = down.port;
    await down.close();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "runwatch-restart-"));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const first = await startTestServer({
      clock: manualClock(T0),
      dataDir,
      env: { RUNWATCH_OUTBOUND_ALLOW: "127.0.0.1" },
    });
    const hook = await channel(first, {
      name: "hook",
      kind: "webhook",
      config: { url: `http://127.0.0.1:${port}/in` },
    });
    await jobRule(first, [hook.id], ["broke"]);
    await finish(first, 7001, "failure", 20);
    await settle(first);
    const pending = (await latestAlert(first))!.deliveries[0];
    expect(pending).toMatchObject({
      status: "pending",
      attempts: 1,
      lastError: "connection refused",
    });
    await first.close();

    const r = later(await startReceiver(undefined, port));
    // An hour later, well past the retry time; no settle: the new server's outbox resumes the row on its own.
    const { server: second } = await server({}, { dataDir, clock: manualClock(T0 + 3_600_000) });
    await r.waitFor(1);
    expect(JSON.parse(r.requests[0]?.body ?? "")).toMatchObject({ alert: { event: "broke" } });
    await second.alerts.outbox.drain();
    expect((await latestAlert(second))!.deliveries[0]).toMatchObject({
      id: pending?.id,
      status: "sent",
      attempts: 2,
    });
  });

  it("pushes alert:fired to live dashboards", async () => {
    const { server: s } = await server();
    await jobRule(s, [], ["broke"]);
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(s.url, {
      transports: ["websocket"],
      forceNew: true,
      auth: { token: ADMIN_TOKEN },
    });
    cleanups.push(() => void socket.disconnect());
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const received = new Promise<AlertFiredPayload>((resolve) => socket.once("alert:fired", resolve));
    await finish(s, 8001, "failure", 20);
    const payload = await received;
    expect(payload).toMatchObject({
      version: 1,
      notice: "firing",
      alert: { event: "broke", state: "firing" },
    });
    expect(payload.alert).toEqual(withoutDeliveries((await latestAlert(s))!));
  });

  it("sends a channel test and evaluates threshold rules on a tick", async () => {
    const r = later(await startReceiver());
    const { server: s, clock } = await server();
    const hook = await channel(s, { name: "hook", kind: "webhook", config: { url: r.url } });
    expect(await api(s, "POST", `/channels/${hook.id}/test`)).toEqual({ ok: true });
    expect(JSON.parse(r.requests[0]?.body ?? "")).toMatchObject({ alert: { rule: "Channel test" } });

    await finish(s, 9001, "success", 20); // GitHub last spoke at T0.
    await api(s, "POST", "/alert-rules", {
      name: "GitHub quiet",
      kind: "source_silent",
      match: { source: "github" },
      threshold: 10 * 60_000,
      channels: [hook.id],
    });
    clock.advance(11 * 60_000);
    expect(await s.alerts.dispatcher.tick()).toBe(1);
    await settle(s);
    expect(JSON.parse(r.requests[1]?.body ?? "")).toMatchObject({
      alert: { kind: "source_silent", state: "firing", subject: "github", url: `${PUBLIC_URL}/sources` },
    });
  });
});

import { describe, expect, it } from "vitest";
import { githubTarget } from "./github-payload";
import { makeDelivery, retryAfterMs, Sender, signBody, type DeliveryResult } from "./sender";

const target = githubTarget("http://runwatch.test", "s3cret-value");

interface Call {
  at: number;
  headers: Record<string, string>;
  body: string;
}

/** A stand-in for `fetch` that answers from a script and records what it was sent. */
function fakeServer(answers: (call: Call, index: number) => Response) {
  const calls: Call[] = [];
  const fetchImpl = (async (_url: string | URL | Request, init?: RequestInit) => {
    const call: Call = {
      at: Date.now(),
      headers: init?.headers as Record<string, string>,
      body: Buffer.from(init?.body as Uint8Array).toString("utf8"),
    };
    calls.push(call);
    return answers(call, calls.length - 1);
  }) as typeof fetch;
  return { calls, fetchImpl };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("Sender", () => {
  it("sends the target's headers, signed over the exact body", async () => {
    const { calls, fetchImpl } = fakeServer(() => json(202, { accepted: true, duplicate: false }));
    const sender = new Sender({ fetch: fetchImpl });
    sender.enqueue(makeDelivery(target, "workflow_job", { action: "queued", n: "é" }, "job-1", null));
    expect(await sender.flush(2000)).toBe(true);
    const [call] = calls;
    expect(call?.headers["X-GitHub-Event"]).toBe("workflow_job");
    expect(call?.headers["X-GitHub-Delivery"]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(call?.headers["X-Hub-Signature-256"]).toBe(signBody("s3cret-value", call?.body ?? ""));
    expect(call?.headers["User-Agent"]).toBe("GitHub-Hookshot/demo");
    expect(sender.stats).toMatchObject({ sent: 1, accepted: 1, rejected: 0 });
  });

  it("honours Retry-After on 429 and resends the same delivery", async () => {
    const { calls, fetchImpl } = fakeServer((_call, i) =>
      i === 0
        ? json(429, { error: { code: "rate_limited", message: "slow down" } }, { "retry-after": "0.3" })
        : json(202, { accepted: true, duplicate: false }),
    );
    const sender = new Sender({ fetch: fetchImpl });
    sender.enqueue(makeDelivery(target, "workflow_job", {}, "job-1", null));
    expect(await sender.flush(3000)).toBe(true);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(280);
    expect(calls[1]!.headers["X-GitHub-Delivery"]).toBe(calls[0]!.headers["X-GitHub-Delivery"]);
    expect(sender.stats).toMatchObject({ accepted: 1, retries: 1 });
  });

  it("reports 4xx JSON errors and counts duplicates", async () => {
    const results: DeliveryResult[] = [];
    const { fetchImpl } = fakeServer((_call, i) =>
      i === 0
        ? json(400, {
            error: { code: "invalid_payload", message: "name is required", field: "workflow_job.name" },
          })
        : json(202, { accepted: true, duplicate: true }),
    );
    const sender = new Sender({
      fetch: fetchImpl,
      concurrency: 1,
      onResult: (_d, r) => results.push(r),
    });
    sender.enqueue(makeDelivery(target, "workflow_job", {}, "a", null));
    sender.enqueue(makeDelivery(target, "workflow_job", {}, "b", null));
    await sender.flush(2000);
    expect(results[0]).toEqual({
      kind: "rejected",
      status: 400,
      code: "invalid_payload",
      message: "name is required",
      field: "workflow_job.name",
    });
    expect(results[1]).toEqual({ kind: "accepted", status: 202, duplicate: true });
    expect(sender.stats).toMatchObject({ sent: 2, accepted: 1, duplicate: 1, rejected: 1 });
  });

  it("keeps one job's deliveries in order while sending others in parallel", async () => {
    const order: string[] = [];
    const fetchImpl = (async (_url: string | URL | Request, init?: RequestInit) => {
      const body = JSON.parse(Buffer.from(init?.body as Uint8Array).toString("utf8")) as {
        job: string;
        step: number;
      };
      await new Promise((resolve) => setTimeout(resolve, body.step === 1 ? 50 : 1));
      order.push(`${body.job}${body.step}`);
      return json(202, { accepted: true, duplicate: false });
    }) as typeof fetch;
    const sender = new Sender({ fetch: fetchImpl });
    for (const step of [1, 2, 3])
      sender.enqueue(makeDelivery(target, "workflow_job", { job: "a", step }, "a", null));
    sender.enqueue(makeDelivery(target, "workflow_job", { job: "b", step: 2 }, "b", null));
    await sender.flush(2000);
    expect(order.filter((o) => o.startsWith("a"))).toEqual(["a1", "a2", "a3"]);
    expect(order.indexOf("b2")).toBeLessThan(order.indexOf("a1"));
  });
});

describe("Sender targets", () => {
  it("asks the target for headers on every attempt (a 5xx retry gets a fresh signature time)", async () => {
    const { calls, fetchImpl } = fakeServer((_call, i) =>
      i === 0
        ? json(503, { error: { code: "unavailable", message: "busy" } })
        : json(202, { accepted: true }),
    );
    const seen: number[] = [];
    const stamped = {
      url: "http://runwatch.test/api/v1/webhooks/buildkite",
      headers: (_d: unknown, nowMs: number) => {
        seen.push(nowMs);
        return { "Content-Type": "application/json", "X-Sent-At": String(nowMs) };
      },
    };
    const sender = new Sender({ fetch: fetchImpl });
    sender.enqueue(makeDelivery(stamped, "job.started", {}, "job-1", null));
    expect(await sender.flush(4000)).toBe(true);
    expect(calls).toHaveLength(2);
    expect(seen).toHaveLength(2);
    expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(900);
    expect(calls[1]!.headers["X-Sent-At"]).toBe(String(seen[1]));
    expect(sender.stats).toMatchObject({ accepted: 1, retries: 1 });
  });

  it("discards queued deliveries of one source and counts them unsent", async () => {
    const { fetchImpl } = fakeServer(() => json(202, { accepted: true }));
    const sender = new Sender<string>({ fetch: fetchImpl, concurrency: 1 });
    for (const source of ["gitlab", "github", "gitlab"]) {
      sender.enqueue(makeDelivery(target, "workflow_job", {}, source + Math.random(), source));
    }
    expect(sender.discard((d) => d.meta === "gitlab")).toBeGreaterThanOrEqual(1);
    await sender.flush(2000);
    expect(sender.stats.accepted + sender.stats.unsent).toBe(3);
  });
});

describe("retryAfterMs", () => {
  it("reads seconds and HTTP dates", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMs(null)).toBe(1000);
    expect(retryAfterMs("soon")).toBe(1000);
  });
});

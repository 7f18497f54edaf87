import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { QUEUE_ALERT } from "../alerts.test-fixtures";
import { signWebhook, verifyWebhook, webhookBody } from "./webhook";

describe("webhookBody", () => {
  it("is the versioned body of docs/api.md", () => {
    const body = webhookBody(QUEUE_ALERT, "firing");
    expect(body).toEqual({
      version: 1,
      alert: {
        id: "alert-2",
        rule: "GPU queue",
        ruleId: "rule-2",
        kind: "queue_time",
        severity: "warning",
        state: "firing",
        event: "triggered",
        notice: "firing",
        summary: QUEUE_ALERT.summary,
        subject: "gpu",
        where: { pool: "gpu" },
        facts: QUEUE_ALERT.facts,
        since: QUEUE_ALERT.since,
        firedAt: QUEUE_ALERT.firedAt,
        resolvedAt: null,
        url: "https://runwatch.example/queue",
      },
    });
    expect("job" in body.alert).toBe(false);
  });

  it("falls back to the job's URL, and never passes on a non-http link", () => {
    const job = {
      id: "github:1",
      source: "github" as const,
      repo: "a/b",
      workflow: "ci",
      name: "t",
      branch: null,
      sha: null,
      status: "failure" as const,
      finishedAt: null,
      url: "https://ci.example/1",
      runner: null,
    };
    expect(webhookBody({ ...QUEUE_ALERT, link: "/queue", job }, "resolved").alert).toMatchObject({
      url: "https://ci.example/1",
      job,
      notice: "resolved",
    });
    expect(webhookBody({ ...QUEUE_ALERT, link: "javascript:x", job: null }, "firing").alert.url).toBeNull();
  });
});

describe("signWebhook", () => {
  const body = JSON.stringify(webhookBody(QUEUE_ALERT, "firing"));
  const secret = "whsec-test-0123456789";
  const ts = 1_768_475_100;

  it("signs '<timestamp>.<body>' with HMAC-SHA256, as node:crypto computes it", () => {
    const expected = createHmac("sha256", secret).update(`${ts}.${body}`, "utf8").digest("hex");
    expect(signWebhook(body, secret, ts)).toEqual({
      "X-Runwatch-Signature-256": `sha256=${expected}`,
      "X-Runwatch-Timestamp": "1768475100",
    });
  });

  it("matches a fixed vector (computed with openssl)", () => {
    // printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
    const vector = "49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686";
    expect(signWebhook('{"a":1}', "secret", 1_700_000_000.9)["X-Runwatch-Signature-256"]).toBe(
      `sha256=${vector}`,
    );
  });

  it("verifies what it signs, and nothing else", () => {
    const headers = signWebhook(body, secret, ts);
    const given = {
      signature: headers["X-Runwatch-Signature-256"],
      timestamp: headers["X-Runwatch-Timestamp"],
    };
    expect(verifyWebhook(body, secret, given, ts + 10)).toEqual({ ok: true });
    expect(verifyWebhook(`${body} `, secret, given, ts)).toEqual({
      ok: false,
      error: "signature does not match",
    });
    expect(verifyWebhook(body, "other-secret-000000", given, ts)).toMatchObject({ ok: false });
    expect(verifyWebhook(body, secret, { ...given, timestamp: String(ts + 1) }, ts)).toMatchObject({
      ok: false,
    });
    expect(verifyWebhook(body, secret, given, ts + 301)).toEqual({ ok: false, error: "stale timestamp" });
    expect(verifyWebhook(body, secret, { signature: undefined, timestamp: "1" }, ts)).toMatchObject({
      ok: false,
    });
    expect(verifyWebhook(body, secret, { ...given, timestamp: "1e9" }, ts)).toMatchObject({ ok: false });
  });
});

/**
 * Each vendor's declared verification, end to end through `prepareVerifier`
 * with the vendor's own secrets: which schemes it accepts, in what order, and
 * the exact refusals a CI's webhook settings page shows.
 */
import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { manualClock } from "../domain/clock";
import { fixture, githubSignature } from "../test/helpers";
import { ADAPTERS } from "./adapters";
import { buildkiteSource } from "./buildkite";
import { genericSource } from "./generic";
import { githubSource } from "./github";
import { gitlabSource } from "./gitlab";
import { jenkinsSource } from "./jenkins";
import type { SourceAdapter } from "./source";
import { prepareVerifier } from "./verify/policy";

const TOLERANCE = 300_000;
const clock = manualClock();

/** The adapter's verifier, prepared with `secrets` as the ingest service prepares it. */
const verifierOf = (adapter: SourceAdapter, secrets: Record<string, string | undefined>) =>
  prepareVerifier(adapter, secrets, { clock, toleranceMs: TOLERANCE });

describe("the adapters' declarations", () => {
  it("each reads only its own variables, in the order the 401 names them", () => {
    expect(ADAPTERS.map((a) => [a.source, a.verification.accept, a.secretVariables])).toEqual([
      ["github", "first", ["RUNWATCH_GITHUB_SECRET"]],
      ["gitlab", "any", ["RUNWATCH_GITLAB_TOKEN", "RUNWATCH_GITLAB_SIGNING_TOKEN"]],
      ["buildkite", "first", ["RUNWATCH_BUILDKITE_TOKEN"]],
      ["jenkins", "first", ["RUNWATCH_JENKINS_TOKEN"]],
      ["generic", "first", ["RUNWATCH_GENERIC_SECRET"]],
    ]);
    for (const adapter of ADAPTERS)
      for (const { variable } of adapter.verification.schemes)
        expect(adapter.secretVariables).toContain(variable);
  });

  it("refuses every delivery when none of the vendor's secrets is set", () => {
    const body = Buffer.from("{}");
    expect(verifierOf(githubSource, {})({ headers: {}, rawBody: body })).toEqual({
      ok: false,
      error: "set RUNWATCH_GITHUB_SECRET on the Runwatch server",
    });
    expect(verifierOf(gitlabSource, {})({ headers: { "x-gitlab-token": "" }, rawBody: body })).toEqual({
      ok: false,
      error: "set RUNWATCH_GITLAB_TOKEN or RUNWATCH_GITLAB_SIGNING_TOKEN on the Runwatch server",
    });
    for (const token of [undefined, ""]) {
      const verify = verifierOf(buildkiteSource, { RUNWATCH_BUILDKITE_TOKEN: token });
      expect(verify({ headers: { "x-buildkite-token": "" }, rawBody: body })).toEqual({
        ok: false,
        error: "set RUNWATCH_BUILDKITE_TOKEN on the Runwatch server",
      });
    }
    const basicEmpty = `Basic ${Buffer.from("jenkins:").toString("base64")}`;
    for (const token of [undefined, ""]) {
      const verify = verifierOf(jenkinsSource, { RUNWATCH_JENKINS_TOKEN: token });
      expect(verify({ headers: { authorization: basicEmpty }, rawBody: body })).toEqual({
        ok: false,
        error: "set RUNWATCH_JENKINS_TOKEN on the Runwatch server",
      });
    }
  });
});

describe("GitHub and generic: HMAC of the body", () => {
  const raw = Buffer.from('{"zen":"Design for failure."}');

  it("GitHub verifies X-Hub-Signature-256 with RUNWATCH_GITHUB_SECRET", () => {
    const verify = verifierOf(githubSource, { RUNWATCH_GITHUB_SECRET: "gh-secret" });
    const headers = { "x-hub-signature-256": githubSignature(raw, "gh-secret") };
    expect(verify({ headers, rawBody: raw })).toEqual({ ok: true });
    expect(
      verify({ headers: { "x-hub-signature-256": githubSignature(raw, "other") }, rawBody: raw }),
    ).toEqual({
      ok: false,
      error: "X-Hub-Signature-256 does not match the body; check the webhook secret",
    });
    expect(verify({ headers: {}, rawBody: raw })).toEqual({
      ok: false,
      error: "missing X-Hub-Signature-256 header",
    });
  });

  it("generic verifies X-Runwatch-Signature-256 with RUNWATCH_GENERIC_SECRET", () => {
    const verify = verifierOf(genericSource, { RUNWATCH_GENERIC_SECRET: "generic-secret" });
    const signed = { "x-runwatch-signature-256": githubSignature(raw, "generic-secret") };
    expect(verify({ headers: signed, rawBody: raw })).toEqual({ ok: true });
    const wrong = { "x-runwatch-signature-256": githubSignature(raw, "other") };
    expect(verify({ headers: wrong, rawBody: raw }).ok).toBe(false);
    expect(verify({ headers: {}, rawBody: raw })).toEqual({
      ok: false,
      error: "missing X-Runwatch-Signature-256 header",
    });
  });
});

describe("Buildkite: signature, else token", () => {
  // go-buildkite's published vector (fixtures/README.md §3).
  const TOKEN = "29b1ff5779c76bd48ba6705eb99ff970";
  const TIMESTAMP = 1642080837;
  const HEADER = `timestamp=${TIMESTAMP},signature=582d496ac2d869dd97a3101c4cda346288c49a742592daf582ec64c86449f79c`;
  const verify = (headers: Record<string, string | undefined>) => {
    clock.set(TIMESTAMP * 1000);
    const rawBody = fixture("buildkite/ping.signed-body.json");
    return verifierOf(buildkiteSource, { RUNWATCH_BUILDKITE_TOKEN: TOKEN })({ headers, rawBody });
  };

  it("accepts the published signed vector, and the exact token", () => {
    expect(verify({ "x-buildkite-signature": HEADER })).toEqual({ ok: true });
    expect(verify({ "x-buildkite-token": TOKEN })).toEqual({ ok: true });
  });

  it("refuses any other token", () => {
    for (const given of ["", TOKEN.slice(1), `${TOKEN} `, TOKEN.toUpperCase()]) {
      expect(verify({ "x-buildkite-token": given })).toEqual({
        ok: false,
        error: "X-Buildkite-Token does not match; check the webhook token",
      });
    }
  });

  it("lets the signature decide alone when both headers are sent", () => {
    const both = {
      "x-buildkite-signature": `timestamp=${TIMESTAMP},signature=${"0".repeat(64)}`,
      "x-buildkite-token": TOKEN,
    };
    expect(verify(both)).toEqual({
      ok: false,
      error: "X-Buildkite-Signature does not match the body; check the webhook token",
    });
  });

  it("names both headers when neither is sent", () => {
    expect(verify({})).toEqual({
      ok: false,
      error: "missing X-Buildkite-Signature or X-Buildkite-Token header",
    });
  });

  it("never echoes the token or header values", () => {
    for (const h of [
      { "x-buildkite-signature": `timestamp=${TIMESTAMP},signature=${TOKEN}` },
      { "x-buildkite-token": TOKEN.slice(0, 10) },
      { "x-buildkite-token": "constructor" },
    ]) {
      const result = verify(h);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error).not.toContain(TOKEN);
        expect(result.error).not.toContain(TOKEN.slice(0, 10));
      }
    }
  });
});

describe("Jenkins: HTTP Basic", () => {
  const TOKEN = "jenkins-token-0123";
  const verify = (authorization?: string) =>
    verifierOf(jenkinsSource, { RUNWATCH_JENKINS_TOKEN: TOKEN })({
      headers: { authorization },
      rawBody: Buffer.alloc(0),
    });
  const basic = (userInfo: string) => `Basic ${Buffer.from(userInfo, "utf8").toString("base64")}`;

  it("accepts the token as password, whatever the user", () => {
    expect(verify(basic(`jenkins:${TOKEN}`))).toEqual({ ok: true });
    expect(verify(basic(`anyone:${TOKEN}`))).toEqual({ ok: true });
  });

  it("says how to send it when the header is missing or empty, and names the variable otherwise", () => {
    const missing = {
      ok: false,
      error:
        "missing Authorization header: post to https://jenkins:<RUNWATCH_JENKINS_TOKEN>@<runwatch host>/api/v1/webhooks/jenkins",
    };
    expect(verify(undefined)).toEqual(missing);
    expect(verify("")).toEqual(missing);
    expect(verify(basic("jenkins:wrong"))).toEqual({
      ok: false,
      error: "the Basic auth password is not RUNWATCH_JENKINS_TOKEN",
    });
  });
});

describe("GitLab: token or Standard Webhooks signature", () => {
  const TOKEN = "gl-secret-token-0123456789";
  const SIGNING = `whsec_${randomBytes(32).toString("base64")}`;
  const NOW = 1_767_225_600_000;
  const body = Buffer.from('{"object_kind":"build","build_id":1}');

  /** A Standard Webhooks signature computed with node:crypto directly. */
  const sign = (secret: string, id: string, timestamp: string, raw: Buffer) =>
    "v1," +
    createHmac("sha256", Buffer.from(secret.slice("whsec_".length), "base64"))
      .update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`), raw]))
      .digest("base64");

  const signedHeaders = (secret = SIGNING, timestamp = String(NOW / 1000)) => ({
    "webhook-id": "7b8c0a3e-0f0e-4c79-9d2b-6a8f7f3f1e11",
    "webhook-timestamp": timestamp,
    "webhook-signature": sign(secret, "7b8c0a3e-0f0e-4c79-9d2b-6a8f7f3f1e11", timestamp, body),
  });

  const verify = (
    headers: Record<string, string | undefined>,
    secrets: Record<string, string | undefined>,
    rawBody = body,
  ) => {
    clock.set(NOW);
    return verifierOf(gitlabSource, secrets)({ headers, rawBody });
  };

  const tokenOnly = { RUNWATCH_GITLAB_TOKEN: TOKEN };
  const signingOnly = { RUNWATCH_GITLAB_SIGNING_TOKEN: SIGNING };
  const both = { ...tokenOnly, ...signingOnly };

  it("accepts the right X-Gitlab-Token", () => {
    expect(verify({ "x-gitlab-token": TOKEN }, tokenOnly)).toEqual({ ok: true });
  });

  it.each([
    ["a wrong token", "gl-secret-token-0123456780"],
    ["a shorter token", "gl-secret"],
    ["a longer token", `${TOKEN}x`],
    ["an empty token", ""],
  ])("refuses %s without echoing either value", (_, given) => {
    const result = verify({ "x-gitlab-token": given }, tokenOnly);
    expect(result).toEqual({ ok: false, error: "X-Gitlab-Token does not match RUNWATCH_GITLAB_TOKEN" });
  });

  it("refuses a missing token, naming the header and the variable", () => {
    expect(verify({}, tokenOnly)).toEqual({
      ok: false,
      error:
        "missing X-Gitlab-Token header: set the GitLab webhook's secret token to the value of RUNWATCH_GITLAB_TOKEN",
    });
  });

  it("accepts a valid Standard Webhooks signature", () => {
    expect(verify(signedHeaders(), signingOnly)).toEqual({ ok: true });
  });

  it("refuses a signature by another key, a stale one, and a tampered body", () => {
    const other = `whsec_${randomBytes(32).toString("base64")}`;
    expect(verify(signedHeaders(other), signingOnly)).toEqual({
      ok: false,
      error: "webhook-signature does not match the body; check the signing token",
    });
    const stale = verify(signedHeaders(SIGNING, String(NOW / 1000 - 3600)), signingOnly);
    expect(stale).toEqual({ ok: false, error: "webhook-timestamp is stale (3600 s old, 300 s allowed)" });
    const tampered = verify(signedHeaders(), signingOnly, Buffer.from(`${body.toString()} `));
    expect(tampered).toEqual({
      ok: false,
      error: "webhook-signature does not match the body; check the signing token",
    });
  });

  it("refuses an unsigned delivery when only the signing token is set, naming the header", () => {
    const result = verify({ "x-gitlab-token": TOKEN }, signingOnly);
    expect(result).toEqual({
      ok: false,
      error:
        "missing webhook-signature header: give the GitLab webhook the signing token in RUNWATCH_GITLAB_SIGNING_TOKEN",
    });
  });

  it("checks the token when a signature arrives but no signing token is configured", () => {
    expect(verify({ ...signedHeaders(), "x-gitlab-token": TOKEN }, tokenOnly)).toEqual({ ok: true });
    expect(verify(signedHeaders(), tokenOnly)).toEqual({
      ok: false,
      error:
        "missing X-Gitlab-Token header: set the GitLab webhook's secret token to the value of RUNWATCH_GITLAB_TOKEN",
    });
  });

  it("with both configured, accepts either valid method and reports both failures otherwise", () => {
    expect(verify(signedHeaders(), both)).toEqual({ ok: true });
    expect(verify({ "x-gitlab-token": TOKEN }, both)).toEqual({ ok: true });
    expect(verify({ ...signedHeaders(), "x-gitlab-token": "wrong" }, both)).toEqual({ ok: true });
    const other = `whsec_${randomBytes(32).toString("base64")}`;
    expect(verify({ ...signedHeaders(other), "x-gitlab-token": TOKEN }, both)).toEqual({ ok: true });
    expect(verify({ ...signedHeaders(other), "x-gitlab-token": "wrong" }, both)).toEqual({
      ok: false,
      error:
        "webhook-signature does not match the body; check the signing token; X-Gitlab-Token does not match RUNWATCH_GITLAB_TOKEN",
    });
    expect(verify({}, both)).toEqual({
      ok: false,
      error: "missing X-Gitlab-Token or webhook-signature header",
    });
  });

  it("never puts a secret in an error", () => {
    const attempts = [
      {},
      { "x-gitlab-token": "nope" },
      signedHeaders(`whsec_${randomBytes(32).toString("base64")}`),
    ];
    for (const headers of attempts)
      for (const secrets of [tokenOnly, signingOnly, both]) {
        const result = verify(headers, secrets);
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error).not.toContain(TOKEN);
          expect(result.error).not.toContain(SIGNING.slice("whsec_".length, 20));
        }
      }
  });
});

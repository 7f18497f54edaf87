/**
 * The ways a delivery to each vendor endpoint can authenticate, right and wrong:
 * GitLab's plain token and Standard Webhooks signature (alone, together, several),
 * Buildkite's signed header and plain token, Jenkins' Basic auth, and the generic
 * endpoint's body HMAC. Timestamps are taken when the request is sent.
 */
import { createHmac } from "node:crypto";
import { signStandardWebhook } from "../../ingest/verify/standard-webhooks";
import { GITHUB_SECRET, SOURCE_SECRETS } from "../helpers";
import type { Random } from "../../../lib/random";
import { type SignatureVariant, signatureHeader } from "./signatures";

/** The GitLab signing token the fuzz server is given (RUNWATCH_GITLAB_SIGNING_TOKEN). */
export const GITLAB_SIGNING_TOKEN = `whsec_${Buffer.from("runwatch-fuzz-gitlab-signing-key").toString("base64")}`;
/** RUNWATCH_SIGNATURE_TOLERANCE_SECONDS of the fuzz server. */
export const TOLERANCE_S = 300;

/** What a variant signs: the body, the time it is sent, and the Standard Webhooks id. */
export interface SignContext {
  body: Buffer;
  rng: Random;
  /** Unix seconds when the request is sent. */
  now: number;
  webhookId: string;
}

/** One way to authenticate; `valid` says whether the server must let it through. */
export interface AuthVariant {
  name: string;
  valid: boolean;
  weight: number;
  headers(ctx: SignContext): Record<string, string>;
}

const variant = (
  name: string,
  valid: boolean,
  weight: number,
  headers: AuthVariant["headers"],
): AuthVariant => ({ name, valid, weight, headers });

const hex = (rng: Random, n = 64) => rng.text(n, "0123456789abcdef");
const b64 = (rng: Random) => Buffer.from(rng.bytes(32)).toString("base64");
/** A time inside the window (with a margin for the request's own latency). */
const inWindow = (ctx: SignContext) => ctx.now + ctx.rng.int(-(TOLERANCE_S - 60), TOLERANCE_S - 60);
const stale = (ctx: SignContext) => ctx.now - TOLERANCE_S - ctx.rng.int(60, 400_000_000);
const future = (ctx: SignContext) => ctx.now + TOLERANCE_S + ctx.rng.int(60, 400_000_000);
const truncate = (rng: Random, s: string) => s.slice(0, rng.int(0, s.length - 1));

// ── GitLab: X-Gitlab-Token and/or Standard Webhooks (either valid one is enough) ──

const GITLAB_TOKEN = SOURCE_SECRETS.gitlab;

function swh(ctx: SignContext, o: { ts?: number | string; signature?: string; id?: string | null } = {}) {
  const timestamp = String(o.ts ?? ctx.now);
  const headers: Record<string, string> = { "webhook-timestamp": timestamp };
  if (o.id !== null) headers["webhook-id"] = o.id ?? ctx.webhookId;
  headers["webhook-signature"] =
    o.signature ??
    signStandardWebhook(GITLAB_SIGNING_TOKEN, { id: ctx.webhookId, timestamp, body: ctx.body });
  return headers;
}
const swhSign = (ctx: SignContext, over: { id?: string; ts?: number; body?: Buffer; secret?: string } = {}) =>
  signStandardWebhook(over.secret ?? GITLAB_SIGNING_TOKEN, {
    id: over.id ?? ctx.webhookId,
    timestamp: String(over.ts ?? ctx.now),
    body: over.body ?? ctx.body,
  });
const token = (value: string) => ({ "x-gitlab-token": value });
const otherSecret = `whsec_${Buffer.from("some-other-signing-key").toString("base64")}`;

export const GITLAB_AUTH: AuthVariant[] = [
  variant("token", true, 40, () => token(GITLAB_TOKEN)),
  variant("swh", true, 25, (ctx) => swh(ctx)),
  variant("swh-in-window", true, 3, (ctx) => {
    const ts = inWindow(ctx);
    return swh(ctx, { ts, signature: swhSign(ctx, { ts }) });
  }),
  variant("swh-several-one-valid", true, 3, (ctx) =>
    swh(ctx, { signature: `v1,${b64(ctx.rng)} v2,${b64(ctx.rng)} ${swhSign(ctx)} v1a,${b64(ctx.rng)}` }),
  ),
  variant("token+swh", true, 3, (ctx) => ({ ...token(GITLAB_TOKEN), ...swh(ctx) })),
  variant("bad-token+swh", true, 2, (ctx) => ({ ...token(truncate(ctx.rng, GITLAB_TOKEN)), ...swh(ctx) })),
  variant("token+bad-swh", true, 2, (ctx) => ({
    ...token(GITLAB_TOKEN),
    ...swh(ctx, { ts: stale(ctx) }),
  })),
  variant("none", false, 3, () => ({})),
  variant("token-wrong", false, 2, (ctx) => token(ctx.rng.text(GITLAB_TOKEN.length))),
  variant("token-truncated", false, 2, (ctx) => token(truncate(ctx.rng, GITLAB_TOKEN))),
  variant("token-case", false, 1, () => token(GITLAB_TOKEN.toUpperCase())),
  variant("token-padded", false, 1, () => token(`${GITLAB_TOKEN}x`)),
  variant("token-is-signing-token", false, 1, () => token(GITLAB_SIGNING_TOKEN)),
  variant("swh-wrong-secret", false, 2, (ctx) =>
    swh(ctx, { signature: swhSign(ctx, { secret: otherSecret }) }),
  ),
  variant("swh-truncated", false, 2, (ctx) => swh(ctx, { signature: truncate(ctx.rng, swhSign(ctx)) })),
  variant("swh-malformed", false, 2, (ctx) => {
    const good = swhSign(ctx);
    const forms = [
      `v1:${good.slice(3)}`,
      good.slice(3),
      `v2,${good.slice(3)}`,
      "",
      "v1,",
      "v1,!!!",
      `V1,${good.slice(3)}`,
    ];
    return swh(ctx, { signature: ctx.rng.pick(forms) });
  }),
  variant("swh-several-none-valid", false, 1, (ctx) =>
    swh(ctx, { signature: `v1,${b64(ctx.rng)} v1,${swhSign(ctx, { secret: otherSecret })}` }),
  ),
  variant("swh-stale", false, 2, (ctx) => {
    const ts = stale(ctx);
    return swh(ctx, { ts, signature: swhSign(ctx, { ts }) });
  }),
  variant("swh-future", false, 2, (ctx) => {
    const ts = future(ctx);
    return swh(ctx, { ts, signature: swhSign(ctx, { ts }) });
  }),
  variant("swh-other-id", false, 1, (ctx) => swh(ctx, { signature: swhSign(ctx, { id: ctx.rng.uuid() }) })),
  variant("swh-other-ts", false, 1, (ctx) => swh(ctx, { signature: swhSign(ctx, { ts: ctx.now - 1 }) })),
  variant("swh-other-body", false, 1, (ctx) =>
    swh(ctx, { signature: swhSign(ctx, { body: Buffer.concat([ctx.body, Buffer.from("\n")]) }) }),
  ),
  variant("swh-no-id", false, 1, (ctx) => swh(ctx, { id: null })),
  variant("swh-bad-ts", false, 1, (ctx) => {
    const ts = ctx.rng.pick([
      `${ctx.now}.0`,
      `-${ctx.now}`,
      `${ctx.now * 1000}`,
      "",
      "now",
      `0x${ctx.now.toString(16)}`,
    ]);
    return swh(ctx, { ts, signature: swhSign(ctx) });
  }),
];

// ── Buildkite: X-Buildkite-Signature decides alone when present; else X-Buildkite-Token ──

const BK_TOKEN = SOURCE_SECRETS.buildkite;
const bkHex = (ctx: SignContext, ts: number | string = ctx.now, body = ctx.body, secret: string = BK_TOKEN) =>
  createHmac("sha256", secret)
    .update(Buffer.concat([Buffer.from(`${ts}.`), body]))
    .digest("hex");
const bkSig = (value: string) => ({ "x-buildkite-signature": value });
const bkToken = (value: string) => ({ "x-buildkite-token": value });

export const BUILDKITE_AUTH: AuthVariant[] = [
  variant("signature", true, 35, (ctx) => bkSig(`timestamp=${ctx.now},signature=${bkHex(ctx)}`)),
  variant("token", true, 30, () => bkToken(BK_TOKEN)),
  variant("sig-upper-hex", true, 2, (ctx) =>
    bkSig(`timestamp=${ctx.now},signature=${bkHex(ctx).toUpperCase()}`),
  ),
  variant("sig-spaced", true, 2, (ctx) => bkSig(` timestamp = ${ctx.now} , signature = ${bkHex(ctx)} `)),
  variant("sig-reordered", true, 1, (ctx) => bkSig(`signature=${bkHex(ctx)},timestamp=${ctx.now},v=1`)),
  variant("sig-several-one-valid", true, 3, (ctx) =>
    bkSig(`timestamp=${ctx.now},signature=${hex(ctx.rng)},signature=${bkHex(ctx)}`),
  ),
  variant("sig-in-window", true, 3, (ctx) => {
    const ts = inWindow(ctx);
    return bkSig(`timestamp=${ts},signature=${bkHex(ctx, ts)}`);
  }),
  variant("sig+bad-token", true, 2, (ctx) => ({
    ...bkSig(`timestamp=${ctx.now},signature=${bkHex(ctx)}`),
    ...bkToken(ctx.rng.text(12)),
  })),
  variant("none", false, 3, () => ({})),
  variant("sig-wrong-secret", false, 2, (ctx) =>
    bkSig(`timestamp=${ctx.now},signature=${bkHex(ctx, ctx.now, ctx.body, GITHUB_SECRET)}`),
  ),
  variant("sig-truncated", false, 2, (ctx) =>
    bkSig(`timestamp=${ctx.now},signature=${truncate(ctx.rng, bkHex(ctx))}`),
  ),
  variant("sig-malformed", false, 2, (ctx) => {
    const s = bkHex(ctx);
    const forms = [
      `signature=${s}`,
      `timestamp=${ctx.now}`,
      `timestamp=${ctx.now},timestamp=${ctx.now},signature=${s}`,
      `timestamp=${ctx.now};signature=${s}`,
      `${ctx.now},${s}`,
      "",
      `timestamp=${ctx.now},signature=sha256=${s}`,
      `t=${ctx.now},v1=${s}`,
    ];
    return bkSig(ctx.rng.pick(forms));
  }),
  variant("sig-stale", false, 2, (ctx) => {
    const ts = stale(ctx);
    return bkSig(`timestamp=${ts},signature=${bkHex(ctx, ts)}`);
  }),
  variant("sig-future", false, 2, (ctx) => {
    const ts = future(ctx);
    return bkSig(`timestamp=${ts},signature=${bkHex(ctx, ts)}`);
  }),
  variant("sig-other-body", false, 1, (ctx) =>
    bkSig(
      `timestamp=${ctx.now},signature=${bkHex(ctx, ctx.now, Buffer.concat([ctx.body, Buffer.from(" ")]))}`,
    ),
  ),
  variant("sig-ts-mismatch", false, 1, (ctx) =>
    bkSig(`timestamp=${ctx.now},signature=${bkHex(ctx, ctx.now - 1)}`),
  ),
  variant("sig-bad-ts", false, 1, (ctx) => {
    const ts = ctx.rng.pick([`${ctx.now}.0`, `-${ctx.now}`, `${ctx.now * 1000}`, "", "now", `${ctx.now}s`]);
    return bkSig(`timestamp=${ts},signature=${bkHex(ctx, ts)}`);
  }),
  variant("bad-sig+token", false, 2, (ctx) => ({
    ...bkSig(`timestamp=${ctx.now},signature=${hex(ctx.rng)}`),
    ...bkToken(BK_TOKEN),
  })),
  variant("token-wrong", false, 2, (ctx) => bkToken(ctx.rng.text(BK_TOKEN.length))),
  variant("token-truncated", false, 1, (ctx) => bkToken(truncate(ctx.rng, BK_TOKEN))),
  variant("token-is-hmac", false, 1, (ctx) => bkToken(bkHex(ctx))),
];

// ── Jenkins: Basic auth, any user name, password = the token (percent-encoded or not) ──

const JENKINS_TOKEN = SOURCE_SECRETS.jenkins;
const basic = (userPass: string, scheme = "Basic") => ({
  authorization: `${scheme} ${Buffer.from(userPass, "utf8").toString("base64")}`,
});
const user = (rng: Random) =>
  rng.pick(["jenkins", "", "admin", "ci-bot", rng.text(rng.int(1, 20)), "ünïcode"]);
const percentEncoded = (s: string) => [...s].map((c) => (c === "-" ? "%2D" : c)).join("");

export const JENKINS_AUTH: AuthVariant[] = [
  variant("basic", true, 60, (ctx) => basic(`${user(ctx.rng)}:${JENKINS_TOKEN}`)),
  variant("basic-lower-scheme", true, 2, () => basic(`jenkins:${JENKINS_TOKEN}`, "basic")),
  variant("basic-percent-encoded", true, 3, () => basic(`jenkins:${percentEncoded(JENKINS_TOKEN)}`)),
  variant("basic-spaced", true, 1, () => ({
    authorization: `Basic   ${Buffer.from(`jenkins:${JENKINS_TOKEN}`).toString("base64")}  `,
  })),
  variant("none", false, 4, () => ({})),
  variant("wrong-password", false, 3, (ctx) => basic(`jenkins:${ctx.rng.text(JENKINS_TOKEN.length)}`)),
  variant("truncated-password", false, 2, (ctx) => basic(`jenkins:${truncate(ctx.rng, JENKINS_TOKEN)}`)),
  variant("no-colon", false, 2, (ctx) => basic(ctx.rng.pick([JENKINS_TOKEN, "jenkins", ""]))),
  variant("bad-base64", false, 2, (ctx) => ({
    authorization: `Basic ${ctx.rng.pick([`jenkins:${JENKINS_TOKEN}`, "!!!!", "a=b=", "===="])}`,
  })),
  variant("token-as-user", false, 1, () => basic(`${JENKINS_TOKEN}:x`)),
  variant("empty-password", false, 1, () => basic("jenkins:")),
  variant("password-padded", false, 1, (ctx) =>
    basic(`jenkins:${JENKINS_TOKEN}${ctx.rng.pick([" ", "\n", "x"])}`),
  ),
  variant("password-case", false, 1, () => basic(`jenkins:${JENKINS_TOKEN.toUpperCase()}`)),
  variant("bearer", false, 1, () => ({ authorization: `Bearer ${JENKINS_TOKEN}` })),
  variant("scheme-only", false, 1, () => ({ authorization: "Basic" })),
];

// ── Generic: X-Runwatch-Signature-256, as GitHub signs ──

const generic = (name: SignatureVariant, valid: boolean, weight: number) =>
  variant(`sig-${name}`, valid, weight, (ctx) => {
    const value = signatureHeader(name, ctx.body, ctx.rng, SOURCE_SECRETS.generic);
    return value === null ? ({} as Record<string, string>) : { "x-runwatch-signature-256": value };
  });

export const GENERIC_AUTH: AuthVariant[] = [
  generic("correct", true, 85),
  generic("upper-hex", true, 2),
  generic("missing", false, 2),
  generic("wrong", false, 2),
  generic("truncated", false, 2),
  generic("upper-prefix", false, 1),
  generic("sha1", false, 1),
  generic("other-body", false, 1),
  generic("empty", false, 1),
  generic("two-values", false, 1),
  variant("sig-github-secret", false, 2, (ctx) => ({
    "x-runwatch-signature-256": signatureHeader("correct", ctx.body, ctx.rng, GITHUB_SECRET) ?? "",
  })),
];

/** Picks a variant by weight. */
export function pickAuth(rng: Random, variants: readonly AuthVariant[]): AuthVariant {
  const name = rng.weightedKey(Object.fromEntries(variants.map((v) => [v.name, v.weight])));
  return variants.find((v) => v.name === name)!;
}

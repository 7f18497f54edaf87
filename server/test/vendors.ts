/**
 * Signed webhook requests for every vendor, as each vendor sends them
 * (fixtures/README.md), for the integration, property and fuzz tests.
 */
import { createHash, createHmac } from "node:crypto";
import type { JobSource } from "../../lib/job";
import { signStandardWebhook } from "../ingest/verify/standard-webhooks";
import { githubSignature, SOURCE_SECRETS } from "./helpers";

/** A request ready to post: where, headers and the exact body bytes. */
export interface VendorDelivery {
  source: JobSource;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPE = { "content-type": "application/json" };

/** A delivery id derived from the body, so the same body redelivered has the same id. */
export const bodyId = (body: string) => createHash("sha256").update(body).digest("hex").slice(0, 32);

/** GitHub: `X-Hub-Signature-256` over the body, `X-GitHub-Delivery`. */
export function githubDelivery(event: string, body: string, delivery = bodyId(body)): VendorDelivery {
  return {
    source: "github",
    body,
    headers: {
      ...JSON_TYPE,
      "x-github-event": event,
      "x-github-delivery": delivery,
      "x-hub-signature-256": githubSignature(body),
    },
  };
}

/**
 * GitLab: the plain `X-Gitlab-Token`, or (with `signingToken`) a Standard
 * Webhooks signature; `Idempotency-Key` / `webhook-id` for dedupe.
 */
export function gitlabDelivery(
  event: string,
  body: string,
  options: { delivery?: string; signingToken?: string; timestamp?: number } = {},
): VendorDelivery {
  const id = options.delivery ?? bodyId(body);
  const headers: Record<string, string> = { ...JSON_TYPE, "x-gitlab-event": event, "idempotency-key": id };
  if (options.signingToken) {
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    Object.assign(headers, {
      "webhook-id": id,
      "webhook-timestamp": timestamp,
      "webhook-signature": signStandardWebhook(options.signingToken, {
        id,
        timestamp,
        body: Buffer.from(body),
      }),
    });
  } else {
    headers["x-gitlab-token"] = SOURCE_SECRETS.gitlab;
  }
  return { source: "gitlab", body, headers };
}

/** Buildkite: `X-Buildkite-Signature` (timestamp + HMAC of `timestamp.body`) or the plain token. */
export function buildkiteDelivery(
  body: string,
  options: { mode?: "signature" | "token"; timestamp?: number; token?: string } = {},
): VendorDelivery {
  const token = options.token ?? SOURCE_SECRETS.buildkite;
  const event = String((JSON.parse(body) as { event?: unknown }).event);
  const headers: Record<string, string> = { ...JSON_TYPE, "x-buildkite-event": event };
  if (options.mode === "token") {
    headers["x-buildkite-token"] = token;
  } else {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = createHmac("sha256", token).update(`${timestamp}.${body}`).digest("hex");
    headers["x-buildkite-signature"] = `timestamp=${timestamp},signature=${signature}`;
  }
  return { source: "buildkite", body, headers };
}

/** Jenkins: HTTP Basic auth with the token as password (the plugin cannot sign). */
export function jenkinsDelivery(body: string, password: string = SOURCE_SECRETS.jenkins): VendorDelivery {
  const basic = Buffer.from(`jenkins:${password}`).toString("base64");
  return { source: "jenkins", body, headers: { ...JSON_TYPE, authorization: `Basic ${basic}` } };
}

/** Generic: `X-Runwatch-Signature-256` over the body, `X-Runwatch-Delivery`. */
export function genericDelivery(body: string, delivery = bodyId(body)): VendorDelivery {
  const signature = createHmac("sha256", SOURCE_SECRETS.generic).update(body).digest("hex");
  return {
    source: "generic",
    body,
    headers: {
      ...JSON_TYPE,
      "x-runwatch-signature-256": `sha256=${signature}`,
      "x-runwatch-delivery": delivery,
    },
  };
}

/** Posts a delivery to its endpoint on a running server. */
export function post(
  url: string,
  delivery: VendorDelivery,
  headers: Record<string, string | null> = {},
): Promise<Response> {
  const merged: Record<string, string> = { ...delivery.headers };
  for (const [name, value] of Object.entries(headers)) {
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  return fetch(`${url}/api/v1/webhooks/${delivery.source}`, {
    method: "POST",
    headers: merged,
    body: delivery.body,
  });
}

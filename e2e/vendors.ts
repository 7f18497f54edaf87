/**
 * Delivers real GitLab fixtures and generic-schema jobs to the e2e server,
 * authenticated as each vendor does, with fresh ids per test.
 */
import { createHmac, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect } from "@playwright/test";
import { E2E_SOURCE_SECRETS } from "../playwright.config";

const FIXTURES = path.resolve(import.meta.dirname, "../test/fixtures");

/** A GitLab `Job Hook` body from the real docs fixture, with fresh ids and the given changes. */
export function gitlabJob(buildId: number, pipelineId: number, changes: Record<string, unknown> = {}) {
  const body = JSON.parse(fs.readFileSync(path.join(FIXTURES, "gitlab/job.created.json"), "utf8"));
  return { ...body, build_id: buildId, pipeline_id: pipelineId, ...changes } as Record<string, unknown>;
}

/** Posts a GitLab delivery with the secret token and expects it accepted. */
export async function deliverGitlab(
  request: APIRequestContext,
  event: "Job Hook" | "Pipeline Hook",
  body: Record<string, unknown>,
): Promise<void> {
  const response = await request.post("/api/v1/webhooks/gitlab", {
    data: JSON.stringify(body),
    headers: {
      "content-type": "application/json",
      "x-gitlab-event": event,
      "x-gitlab-token": E2E_SOURCE_SECRETS.gitlab,
      "idempotency-key": randomUUID(),
    },
  });
  expect(response.status(), await response.text()).toBe(202);
}

/** Posts a generic-schema job (docs/webhooks.md, version 1), signed, and expects it accepted. */
export async function deliverGeneric(
  request: APIRequestContext,
  job: Record<string, unknown>,
): Promise<void> {
  const raw = JSON.stringify({ version: 1, job });
  const response = await request.post("/api/v1/webhooks/generic", {
    data: raw,
    headers: {
      "content-type": "application/json",
      "x-runwatch-delivery": randomUUID(),
      "x-runwatch-signature-256": `sha256=${createHmac("sha256", E2E_SOURCE_SECRETS.generic).update(raw).digest("hex")}`,
    },
  });
  expect(response.status(), await response.text()).toBe(202);
}

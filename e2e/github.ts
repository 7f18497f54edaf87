/**
 * Delivers real GitHub fixtures (from test/fixtures) to the e2e server,
 * signed like GitHub signs them. Each test gives its jobs fresh ids so tests
 * never see each other's data.
 */
import { createHmac, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect } from "@playwright/test";
import { E2E_GITHUB_SECRET } from "../playwright.config";

const FIXTURES = path.resolve(import.meta.dirname, "../test/fixtures/github");

/** A `workflow_job` body from a real fixture, with a fresh job id and optional changes. */
export function workflowJob(
  fixture: string,
  id: number,
  changes: { action?: string; repo?: string; job?: Record<string, unknown> } = {},
): Record<string, unknown> {
  const body = JSON.parse(fs.readFileSync(path.join(FIXTURES, fixture), "utf8"));
  body.workflow_job = { ...body.workflow_job, id, ...changes.job };
  if (changes.action) body.action = changes.action;
  if (changes.repo) {
    body.repository.full_name = changes.repo;
    body.repository.name = changes.repo.split("/")[1];
  }
  return body;
}

/** Posts a signed `workflow_job` delivery and expects it accepted. */
export async function deliver(request: APIRequestContext, body: Record<string, unknown>): Promise<void> {
  const raw = JSON.stringify(body);
  const response = await request.post("/api/v1/webhooks/github", {
    data: raw,
    headers: {
      "content-type": "application/json",
      "x-github-event": "workflow_job",
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": `sha256=${createHmac("sha256", E2E_GITHUB_SECRET).update(raw).digest("hex")}`,
    },
  });
  expect(response.status(), await response.text()).toBe(202);
}

/** A job id unlikely to collide with any fixture or other test. */
export const freshId = () => 900_000_000 + Math.floor(Math.random() * 99_000_000);

/** Timestamps `minutesAgo` minutes before now, as GitHub writes them. */
export const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString().replace(/\.\d+Z$/, "Z");

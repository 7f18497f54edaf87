/**
 * The Evidence page as an admin and as an auditor use it: refused deliveries
 * counted live, the access review recorded, and an auditor who sees the
 * evidence and the audit log and nothing else. Axe clean in light and dark.
 */
import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { freshId, workflowJob } from "./github";

const badSignature = { "x-hub-signature-256": `sha256=${"ab".repeat(32)}` };

test("an admin sees the five sections, refused deliveries counted, and records a review", async ({
  page,
}) => {
  await page.goto("/evidence");
  await expect(page.getByRole("heading", { level: 1, name: "Audit evidence" })).toBeVisible();
  for (const id of ["security", "performance", "compliance", "integrity", "resources"])
    await expect(page.getByTestId(`evidence-section-${id}`)).toBeVisible();
  const auth = page.locator('[data-control="security.webhook-auth"]');
  const before = Number((await auth.locator('[data-figure="refusedForSignature"]').textContent()) ?? "0");

  for (let i = 0; i < 2; i++) {
    const refused = await page.request.post("/api/v1/webhooks/github", {
      headers: {
        "content-type": "application/json",
        "x-github-event": "workflow_job",
        "x-github-delivery": `e2e-refused-${freshId()}`,
        ...badSignature,
      },
      data: JSON.stringify(workflowJob("workflow_job.queued.1.json", freshId())),
    });
    expect(refused.status()).toBe(401);
  }
  // The page refreshes by itself; the window selector refetches at once.
  await page.getByText("7d", { exact: true }).click();
  await expect(page).toHaveURL(/window=7d/);
  await expect(auth.locator('[data-figure="refusedForSignature"]')).toHaveText(String(before + 2));
  await expect(auth.locator("[data-status]").first()).toHaveAttribute("data-status", "attention");

  const review = page.getByTestId("access-review");
  await expect(review.getByTestId("review-key-row").first()).toBeVisible();
  await review.getByRole("button", { name: "Record review" }).click();
  await expect(review.getByTestId("last-review")).toContainText("Last reviewed");
  await expect(
    page.locator('[data-control="compliance.access-review"] [data-status]').first(),
  ).toHaveAttribute("data-status", "pass");

  // The signed bundle of the page's window downloads, and the key to check it is shown.
  const bundle = page.getByTestId("evidence-bundle");
  await expect(bundle.getByTestId("evidence-key-fingerprint")).toHaveText(/^[0-9a-f]{64}$/);
  await expect(bundle.getByTestId("evidence-public-key")).toContainText("BEGIN PUBLIC KEY");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    bundle.getByRole("link", { name: "Export bundle (7d)" }).click(),
  ]);
  const archive = await readFile((await download.path()) ?? "");
  // A gzip stream (the tar.gz whose offline check the integration tests run).
  expect([...archive.subarray(0, 2)]).toEqual([0x1f, 0x8b]);

  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.reload();
    await expect(page.getByTestId("evidence-section-resources")).toBeVisible();
    await expect(page.getByTestId("evidence-key-fingerprint")).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/evidence-${colorScheme}.png`, fullPage: true });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  }
});

test.describe("an auditor", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("signs in, reads the evidence and the audit log, and nothing else", async ({ page, browser }) => {
    const admin = await browser.newContext({ storageState: "test-results/.auth/admin.json" });
    const created = await admin.request.post("/api/v1/keys", {
      headers: { "x-runwatch-csrf": "1" },
      data: { name: `e2e-auditor-${freshId()}`, scopes: ["auditor"] },
    });
    expect(created.status()).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    await admin.close();

    await page.goto("/login?next=%2Fevidence");
    await page.getByLabel("API key").fill(secret);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/evidence$/);
    await expect(page.getByTestId("evidence-section-integrity")).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText(["Evidence", "Audit log"]);
    // Revoking is for admins; recording a review is not.
    await expect(page.getByTestId("access-review").getByRole("button", { name: /^Revoke/ })).toHaveCount(0);
    await page.screenshot({ path: "test-results/screenshots/evidence-auditor.png", fullPage: true });

    await page.goto("/audit");
    await expect(page.getByTestId("audit-row").first()).toBeVisible();
    expect((await page.request.get("/api/v1/jobs")).status()).toBe(403);
    await page.goto("/jobs");
    await expect(page).toHaveURL(/\/login\?next=%2Fjobs$/);
  });
});

/**
 * The admin pages as an admin uses them: create a key (its secret shown once),
 * revoke it, and find both in the audit log, whose chain verifies.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

test("create and revoke a key, then see it in the verified audit log", async ({ page }) => {
  const name = `e2e-key-${Date.now()}`;
  await page.goto("/admin");
  await expect(page.getByTestId("keys-table")).toBeVisible();

  await page.getByRole("button", { name: "Create key" }).click();
  const form = page.getByRole("form", { name: "Create an API key" });
  await form.getByLabel("Name").fill(name);
  await form.getByRole("checkbox", { name: /^read/i }).check();
  await form.getByRole("button", { name: "Create key" }).click();
  const secret = page.getByTestId("new-key-secret");
  await expect(secret).toHaveText(/^rw_[A-Za-z0-9_-]{20,}$/);
  const row = page.getByTestId("key-row").filter({ hasText: name });
  await expect(row).toHaveAttribute("data-state", "active");
  await page.screenshot({ path: "test-results/screenshots/admin.png", fullPage: true });

  // The new key works against the API, read scope only.
  const key = (await secret.textContent()) ?? "";
  const asKey = { headers: { authorization: `Bearer ${key}` } };
  expect((await page.request.get("/api/v1/jobs", asKey)).status()).toBe(200);
  expect((await page.request.get("/api/v1/keys", asKey)).status()).toBe(403);

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: /revoke key/i })
    .click();
  await expect(row).toHaveAttribute("data-state", "revoked");
  expect((await page.request.get("/api/v1/jobs", asKey)).status()).toBe(401);

  await page.goto("/audit?action=key.*");
  await expect(page).toHaveURL(/action=key\.\*/);
  const rows = page.getByTestId("audit-row");
  await expect(rows.filter({ hasText: name }).first()).toBeVisible();
  await expect(page.locator('[data-testid="audit-row"][data-action="key.revoked"]').first()).toBeVisible();
  await page.getByRole("button", { name: /verify chain/i }).click();
  await expect(page.getByTestId("audit-verify-result")).toHaveAttribute("data-ok", "true");
  // The server checkpointed the chain's head at start: verify checks against it.
  await expect(page.getByTestId("audit-verify-checkpoint")).toHaveText(
    /^Matches the checkpoint kept outside the database at \d{4}-\d\d-\d\dT[\d:.]+Z \(#\d+\)\.$/,
  );
  await page.screenshot({ path: "test-results/screenshots/audit.png", fullPage: true });
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `test-results/screenshots/audit-verified-${colorScheme}.png` });
    const verified = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(verified.violations.map((v) => `verified ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  }

  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    for (const path of ["/admin", "/audit"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
      expect(results.violations.map((v) => `${path} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
    }
  }
});

/**
 * The Teams panel of the Admin page: create a team, edit it, see it on a key
 * scoped to it, delete it; light and dark screenshots, axe clean.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

test("create, edit and delete a team, and see a key's teams", async ({ page }) => {
  const name = `e2e-team-${Date.now()}`;
  await page.goto("/admin");
  await expect(page.getByTestId("keys-table")).toBeVisible();

  await page.getByRole("button", { name: "Create team" }).click();
  const form = page.getByRole("form", { name: "Create a team" });
  // Nothing to match: refused in the browser, naming the field.
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Create team" }).click();
  await expect(form.getByRole("alert")).toContainText("repos");
  await form.getByLabel("Repositories").fill("acme/payments-*\nacme/ledger");
  await form.getByLabel("Identity-provider groups").fill("payments-devs");
  await form.getByRole("button", { name: "Create team" }).click();
  const row = page.getByTestId("team-row").filter({ hasText: name });
  await expect(row).toContainText("acme/payments-*");
  await expect(row).toContainText("payments-devs");

  await row.getByRole("button", { name: `Edit ${name}` }).click();
  const edit = page.getByRole("form", { name: `Edit the team ${name}` });
  await edit.getByLabel("Label pools").fill("queue=payments");
  await edit.getByRole("button", { name: "Save team" }).click();
  await expect(row).toContainText("queue=payments");

  // A key scoped to the team shows it in the keys table.
  const created = await page.request.post("/api/v1/keys", {
    headers: { "x-runwatch-csrf": "1" },
    data: { name: `${name}-key`, scopes: ["read"], teams: [name] },
  });
  expect(created.status()).toBe(201);
  await page.reload();
  await expect(
    page
      .getByTestId("key-row")
      .filter({ hasText: `${name}-key` })
      .getByTestId("key-teams"),
  ).toHaveText(name);

  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.getByTestId("teams-table").scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `test-results/screenshots/admin-teams-${colorScheme}.png`,
      fullPage: true,
    });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  }

  await row.getByRole("button", { name: `Delete ${name}` }).click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: /delete team/i })
    .click();
  await expect(row).toHaveCount(0);
});

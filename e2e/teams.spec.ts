/**
 * The Teams panel of the Admin page: create a team, edit it, see it on a key
 * scoped to it, delete it; the create-key form's team picker; a browser signed
 * in with a scoped key sees only its team's jobs; light and dark screenshots, axe clean.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { deliver, freshId, workflowJob } from "./github";

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

test("a key scoped to a team sees only that team's jobs on the Jobs page, and says so", async ({
  page,
  browser,
}) => {
  const team = `e2e-scope-${Date.now()}`;
  const mine = `acme/${team}-api`;
  const other = `acme/${team}-other`;
  const csrf = { "x-runwatch-csrf": "1" };
  expect(
    (
      await page.request.post("/api/v1/teams", { headers: csrf, data: { name: team, repos: [mine] } })
    ).status(),
  ).toBe(201);

  // The create-key form offers the team; an admin key cannot be scoped.
  await page.goto("/admin");
  await page.getByRole("button", { name: "Create key" }).click();
  const form = page.getByRole("form", { name: "Create an API key" });
  const pick = form.getByRole("checkbox", { name: team });
  await pick.check();
  await expect(form).toContainText("The key sees only these teams' jobs");
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/screenshots/create-key-teams-${colorScheme}.png` });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  }
  await form.getByRole("checkbox", { name: "admin" }).check();
  await expect(pick).toBeDisabled();
  await form.getByRole("button", { name: "Cancel" }).click();

  const created = await page.request.post("/api/v1/keys", {
    headers: csrf,
    data: { name: `${team}-key`, scopes: ["read"], teams: [team] },
  });
  expect(created.status()).toBe(201);
  const { secret } = (await created.json()) as { secret: string };
  const mineId = freshId();
  const otherId = freshId();
  await deliver(page.request, workflowJob("workflow_job.in_progress.3.json", otherId, { repo: other }));
  await deliver(page.request, workflowJob("workflow_job.in_progress.3.json", mineId, { repo: mine }));

  // A fresh browser signed in with the scoped key.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const scoped = await context.newPage();
    expect((await scoped.request.post("/api/v1/auth/session", { data: { key: secret } })).status()).toBe(200);
    await scoped.goto("/jobs");
    const rows = scoped.locator('[data-testid="jobs-table"] [data-testid="job-row"]');
    await expect(scoped.locator(`[data-testid="job-row"][data-job-id="github:${mineId}"]`)).toBeVisible();
    await expect(rows).toHaveCount(1);
    await expect(scoped.locator(`[data-job-id="github:${otherId}"]`)).toHaveCount(0);
    await expect(scoped.getByTestId("signed-in-as").first()).toHaveAttribute(
      "title",
      new RegExp(`teams: ${team}`),
    );
    for (const colorScheme of ["light", "dark"] as const) {
      await scoped.emulateMedia({ colorScheme });
      await scoped.screenshot({
        path: `test-results/screenshots/jobs-scoped-${colorScheme}.png`,
        fullPage: true,
      });
      const results = await new AxeBuilder({ page: scoped }).withTags(["wcag2a", "wcag2aa"]).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
    }
  } finally {
    await context.close();
  }
});

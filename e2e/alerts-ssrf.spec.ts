/**
 * Alert channels under the outbound policy, as an admin meets it: a channel
 * pointed at the cloud metadata address is refused at its URL field with the
 * server's reason, and nothing is created; a channel on an allowed receiver
 * (the e2e server allows 127.0.0.1) that answers 500 shows a fixed error with
 * the receiver's words as plain text, never as markup. axe in light and dark.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { freshId } from "./github";
import { showColorScheme } from "./settle";

let failing: http.Server;
let failingUrl = "";
test.beforeAll(async () => {
  failing = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(500).end("<b>internal</b> db-7 down"));
  });
  await new Promise<void>((resolve) => failing.listen(0, "127.0.0.1", resolve));
  failingUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/hook`;
});
test.afterAll(
  () =>
    new Promise<void>((resolve) => {
      failing.closeAllConnections();
      failing.close(() => resolve());
    }),
);

test("a metadata URL is refused at its field; a failing receiver's words show as text", async ({ page }) => {
  const id = freshId();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/alerts");
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();

  await page.getByRole("button", { name: "Add channel" }).click();
  const form = page.getByRole("form", { name: "Create a channel" });
  await form.getByLabel("Name").fill(`e2e metadata ${id}`);
  await form.getByLabel("Kind").selectOption("webhook");
  await form.getByLabel("Endpoint URL").fill("http://169.254.169.254/latest/meta-data/");
  await form.getByRole("button", { name: "Create channel" }).click();
  await expect(form.getByLabel("Endpoint URL")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("alert")).toContainText("which the outbound policy refuses");
  for (const colorScheme of ["light", "dark"] as const) {
    await showColorScheme(page, colorScheme);
    await page.screenshot({
      path: `test-results/screenshots/alerts-ssrf-refused-${colorScheme}.png`,
      fullPage: true,
    });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${colorScheme} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual(
      [],
    );
  }
  await showColorScheme(page, "light");

  // The same form, now at an allowed receiver that fails.
  const name = `e2e failing ${id}`;
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Endpoint URL").fill(failingUrl);
  await form.getByRole("button", { name: "Create channel" }).click();
  const row = page.getByTestId("channel-row").filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(page.getByTestId("channel-row").filter({ hasText: `e2e metadata ${id}` })).toHaveCount(0);
  await row.getByRole("button", { name: `Send a test to ${name}` }).click();
  const outcome = row.getByTestId("channel-test-result");
  await expect(outcome).toHaveAttribute("data-ok", "false");
  await expect(outcome).toHaveText(
    'Failed (500): HTTP 500 from receiver — receiver said: "<b>internal</b> db-7 down"',
  );
  await expect(outcome.locator("b")).toHaveCount(0);
  for (const colorScheme of ["light", "dark"] as const) {
    await showColorScheme(page, colorScheme);
    await row.screenshot({ path: `test-results/screenshots/alerts-ssrf-test-${colorScheme}.png` });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${colorScheme} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual(
      [],
    );
  }
});

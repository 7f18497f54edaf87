/**
 * The Alerts page, as an admin uses it: a webhook channel pointed at a local
 * receiver passes its test send; a job_state rule on "broke" for one
 * repository fires when a failing job for it arrives by GitHub webhook; the
 * alert shows up in the history and the nav badge without a reload, and the
 * receiver gets the notification. Then axe in light and dark. The history
 * links the job and run that opened the alert, the badge counts open alerts
 * (the same after a reload), the job page lists the alert, and disabling the
 * rule resolves it live ("rule disabled") and takes it off the badge.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { startReceiver, type AlertReceiver } from "./alert-receiver";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";
import { showColorScheme } from "./settle";

interface WebhookNotice {
  alert: { state: string; kind: string; rule: string; where: { repo?: string } };
}

const isNotice = (body: unknown): body is WebhookNotice =>
  typeof body === "object" && body !== null && "alert" in body;

const markNoReload = (page: Page) =>
  page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
const stillNoReload = (page: Page) =>
  page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload);

/** Every nav item fits at 1280 px: the admin menu's button ends inside the nav's visible box. */
async function expectNavFits(page: Page) {
  const nav = page.getByRole("navigation", { name: "Main" });
  // Measured once the web font has loaded and layout has settled: right after the first paint
  // the fallback font's widths can still be in place, which is not what a person sees.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await expect
    .poll(async () => {
      const navBox = await nav.boundingBox();
      const menuBox = await nav.getByRole("button", { name: /^Admin/ }).boundingBox();
      return Boolean(navBox && menuBox && menuBox.x + menuBox.width <= navBox.x + navBox.width);
    })
    .toBe(true);
}

/** The badge on the nav's Admin button (the Alerts item inside the closed menu has its own). */
const badge = (page: Page) =>
  page
    .getByRole("navigation", { name: "Main" })
    .getByRole("button", { name: /^Admin/ })
    .getByTestId("alert-badge");
const badgeCount = async (page: Page) =>
  Number(
    (await badge(page)
      .getAttribute("data-count", { timeout: 500 })
      .catch(() => "0")) ?? 0,
  );

let receiver: AlertReceiver;
test.beforeAll(async () => {
  receiver = await startReceiver();
});
test.afterAll(async () => {
  await receiver.close();
});

test("a broken job fires a rule: live history, badge and the channel's receiver", async ({
  page,
  request,
}) => {
  test.slow();
  const id = freshId();
  const repo = `e2e-alerts-${id}/api`;
  const channelName = `e2e hook ${id}`;
  const ruleName = `${repo} broke`;

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/alerts");
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  const adminMenu = nav.getByRole("button", { name: /^Admin/ });
  await expectNavFits(page);
  await adminMenu.click();
  await expect(adminMenu).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("link", { name: /^Alerts/ })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("link", { name: "Audit log" })).toBeVisible();
  await page.screenshot({
    path: "test-results/screenshots/alerts-nav-menu.png",
    clip: { x: 0, y: 0, width: 1280, height: 220 },
  });
  await page.keyboard.press("Escape");
  await expect(adminMenu).toHaveAttribute("aria-expanded", "false");
  await expect(adminMenu).toBeFocused();
  await markNoReload(page);

  // A webhook channel pointed at the receiver, and its test send.
  await page.getByRole("button", { name: "Add channel" }).click();
  const channelForm = page.getByRole("form", { name: "Create a channel" });
  await channelForm.getByLabel("Name").fill(channelName);
  await channelForm.getByLabel("Kind").selectOption("webhook");
  // The server's 400 shows at the field it names.
  await channelForm.getByLabel("Endpoint URL").fill("not a url");
  await channelForm.getByRole("button", { name: "Create channel" }).click();
  await expect(channelForm.getByLabel("Endpoint URL")).toHaveAttribute("aria-invalid", "true");
  await expect(channelForm.getByRole("alert")).toHaveText("Must be an http(s) URL");
  await channelForm.getByLabel("Endpoint URL").fill(receiver.url);
  await channelForm.getByLabel("Signing secret (optional)").fill("e2e-signing-secret-0123456789");
  await channelForm.getByRole("button", { name: "Create channel" }).click();
  const channelRow = page.getByTestId("channel-row").filter({ hasText: channelName });
  await expect(channelRow).toContainText("Yes (secret set)");
  await expect(channelRow).not.toContainText("e2e-signing-secret");
  await channelRow.getByRole("button", { name: `Send a test to ${channelName}` }).click();
  await expect(channelRow.getByTestId("channel-test-result")).toHaveAttribute("data-ok", "true");
  await expect.poll(() => receiver.bodies.filter(isNotice).length).toBeGreaterThanOrEqual(1);

  // A rule; a missing name is caught before sending.
  await page.getByRole("button", { name: "Add rule" }).click();
  const ruleForm = page.getByRole("form", { name: "Create an alert rule" });
  await ruleForm.getByRole("button", { name: "Create rule" }).click();
  await expect(ruleForm.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(ruleForm.getByRole("alert")).toHaveText("Give the rule a name.");
  await page.screenshot({ path: "test-results/screenshots/alerts-form-light.png", fullPage: true });
  await ruleForm.getByLabel("Name").fill(ruleName);
  await expect(ruleForm.getByLabel("Kind")).toHaveValue("job_state");
  await expect(ruleForm.getByRole("checkbox", { name: /broke/ })).toBeChecked();
  await ruleForm.getByLabel("repo", { exact: true }).fill(repo);
  await ruleForm.getByRole("checkbox", { name: new RegExp(channelName) }).check();
  await ruleForm.getByRole("button", { name: "Create rule" }).click();
  const ruleRow = page.getByTestId("rule-row").filter({ hasText: ruleName });
  await expect(ruleRow).toContainText(`repo=${repo}`);
  await expect(ruleRow).toContainText(channelName);
  const enabled = ruleRow.getByRole("switch", { name: `${ruleName} enabled` });
  await expect(enabled).toHaveAttribute("aria-checked", "true");
  await enabled.click();
  await expect(enabled).toHaveAttribute("aria-checked", "false");
  await expect(enabled).toBeEnabled();
  await enabled.click();
  await expect(enabled).toHaveAttribute("aria-checked", "true");
  await expect(enabled).toBeEnabled();

  // A failing job for the repository breaks it.
  const before = await badgeCount(page);
  const runId = freshId();
  await deliver(
    request,
    workflowJob("workflow_job.completed.1.json", id, {
      repo,
      job: {
        run_id: runId,
        created_at: minutesAgo(4),
        started_at: minutesAgo(3),
        completed_at: minutesAgo(0),
      },
    }),
  );
  const item = page.getByTestId("alert-item").filter({ hasText: repo });
  await expect(item).toHaveAttribute("data-state", "firing");
  await expect(item).toContainText(ruleName);
  await expect(badge(page)).toHaveAttribute("data-count", String(before + 1));
  await expect(adminMenu).toHaveAccessibleName(new RegExp(`${before + 1} open alerts?`));
  // The history names the job (a link to its page) and the run that opened it.
  const openedBy = item.getByTestId("alert-opened-by");
  await expect(openedBy).toContainText(`github:${id}`);
  await expect(openedBy).toContainText(`run github:${runId}`);
  await expect(openedBy.getByRole("link", { name: `github:${id}` })).toHaveAttribute(
    "href",
    `/jobs/github%3A${id}`,
  );
  await expectNavFits(page);
  await expect
    .poll(() =>
      receiver.bodies.filter(isNotice).find((b) => b.alert.where.repo === repo && b.alert.rule === ruleName),
    )
    .toMatchObject({ alert: { state: "firing", kind: "job_state", where: { repo } } });
  await expect(item.getByTestId("alert-delivery")).toHaveAttribute("data-status", "sent", {
    timeout: 15_000,
  });
  expect(await stillNoReload(page)).toBe(true);

  for (const colorScheme of ["light", "dark"] as const) {
    await showColorScheme(page, colorScheme);
    await page.screenshot({ path: `test-results/screenshots/alerts-${colorScheme}.png`, fullPage: true });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${colorScheme} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual(
      [],
    );
  }

  // The badge counts alerts open on the server, not alerts seen since the page loaded.
  await page.reload();
  await expect(badge(page)).toHaveAttribute("data-count", String(before + 1));

  // The job page lists the alert it opened.
  await item
    .getByTestId("alert-opened-by")
    .getByRole("link", { name: `github:${id}` })
    .click();
  await expect(page).toHaveURL(new RegExp(`/jobs/github%3A${id}$`));
  const jobAlert = page.getByTestId("job-alerts").getByTestId("job-alert");
  await expect(jobAlert).toHaveCount(1);
  await expect(jobAlert).toContainText(ruleName);
  await expect(jobAlert).toContainText("this job opened it");
  await expect(jobAlert).toHaveAttribute("data-state", "firing");
  for (const colorScheme of ["light", "dark"] as const) {
    await showColorScheme(page, colorScheme);
    await page.screenshot({ path: `test-results/screenshots/job-alerts-${colorScheme}.png`, fullPage: true });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${colorScheme} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual(
      [],
    );
  }

  // Disabling the rule resolves what it had open, live, and the badge drops it.
  await page.goBack();
  await markNoReload(page);
  const switchAgain = page.getByTestId("rule-row").filter({ hasText: ruleName }).getByRole("switch");
  await switchAgain.click();
  await expect(switchAgain).toHaveAttribute("aria-checked", "false");
  await expect(item).toHaveAttribute("data-state", "resolved");
  await expect(item.getByTestId("alert-resolution")).toHaveText("Resolved: rule disabled");
  await expect.poll(() => badgeCount(page)).toBe(before);
  expect(await stillNoReload(page)).toBe(true);
  await showColorScheme(page, "light");
  await page.screenshot({ path: "test-results/screenshots/alerts-resolved-light.png", fullPage: true });
});

test("rules and channels are edited and deleted, and it sticks", async ({ page }) => {
  test.slow();
  const id = freshId();
  const channelName = `e2e edit hook ${id}`;
  const renamed = `${channelName} renamed`;
  const ruleName = `e2e-edit-${id} broke`;

  await page.goto("/alerts");
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();

  await page.getByRole("button", { name: "Add channel" }).click();
  const create = page.getByRole("form", { name: "Create a channel" });
  await create.getByRole("textbox", { name: "Name", exact: true }).fill(channelName);
  await create.getByLabel("Kind").selectOption("webhook");
  await create.getByLabel("Endpoint URL").fill(receiver.url);
  await create.getByRole("button", { name: "Create channel" }).click();
  await expect(page.getByTestId("channel-row").filter({ hasText: channelName })).toBeVisible();

  // Rename it; the URL field left blank keeps the stored (write-only) URL.
  await page.getByRole("button", { name: `Edit ${channelName}` }).click();
  const edit = page.getByRole("form", { name: `Edit channel ${channelName}` });
  await edit.getByRole("textbox", { name: "Name", exact: true }).fill(renamed);
  await edit.getByRole("button", { name: "Save channel" }).click();
  const channelRow = page.getByTestId("channel-row").filter({ hasText: renamed });
  await expect(channelRow).toContainText("http://127.0.0.1:");

  await page.getByRole("button", { name: "Add rule" }).click();
  const ruleForm = page.getByRole("form", { name: "Create an alert rule" });
  await ruleForm.getByRole("textbox", { name: "Name", exact: true }).fill(ruleName);
  await ruleForm.getByLabel("repo", { exact: true }).fill(`e2e-edit-${id}/*`);
  await ruleForm.getByRole("checkbox", { name: new RegExp(renamed) }).check();
  await ruleForm.getByRole("button", { name: "Create rule" }).click();
  const ruleRow = page.getByTestId("rule-row").filter({ hasText: ruleName });
  await expect(ruleRow).toContainText(renamed);

  await page.getByRole("button", { name: `Edit ${ruleName}` }).click();
  const ruleEdit = page.getByRole("form", { name: `Edit rule ${ruleName}` });
  await ruleEdit.getByLabel("Severity").selectOption("critical");
  await ruleEdit.getByRole("button", { name: "Save rule" }).click();
  await expect(ruleRow).toContainText("critical");

  await page.reload();
  await expect(page.getByTestId("rule-row").filter({ hasText: ruleName })).toContainText("critical");
  await expect(page.getByTestId("channel-row").filter({ hasText: renamed })).toBeVisible();

  await page.getByRole("button", { name: `Delete ${ruleName}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete rule" }).click();
  await expect(page.getByTestId("rule-row").filter({ hasText: ruleName })).toHaveCount(0);
  await page.getByRole("button", { name: `Delete ${renamed}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete channel" }).click();
  await expect(page.getByTestId("channel-row").filter({ hasText: renamed })).toHaveCount(0);

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  await expect(page.getByTestId("rule-row").filter({ hasText: ruleName })).toHaveCount(0);
  await expect(page.getByTestId("channel-row").filter({ hasText: renamed })).toHaveCount(0);
});

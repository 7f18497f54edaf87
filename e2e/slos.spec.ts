/**
 * The SLOs page as an admin uses it: a queue-time SLO on the pool of two
 * real GitHub jobs (one that waited four minutes, one that started at once)
 * is created through the form (the server's 400 shown at the field it
 * names), then shows its budget bar, burn rates and the slow job as the
 * event that consumed the budget, linked to its page. Axe in light and dark.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { deliver, freshId, minutesAgo, workflowJob } from "./github";
import { showColorScheme } from "./settle";

/** The pool the queued fixture asks for (`self-hosted, k8s`, sorted). */
const POOL = "k8s, self-hosted";

test("an SLO shows its budget, burn rates and the job that consumed it", async ({ page, request }) => {
  test.slow();
  const id = freshId();
  const repo = `e2e-slo-${id}/api`;
  const started = (jobId: number, queuedMinutesAgo: number, startedMinutesAgo: number) =>
    workflowJob("workflow_job.queued.2.json", jobId, {
      action: "in_progress",
      repo,
      job: {
        status: "in_progress",
        created_at: minutesAgo(queuedMinutesAgo),
        started_at: minutesAgo(startedMinutesAgo),
        runner_id: 7,
        runner_name: "k8s-1",
      },
    });
  await deliver(request, started(id, 5, 1)); // waited 4 minutes: a bad event
  await deliver(request, started(id + 1, 2, 2)); // started at once: a good one

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/slos");
  await expect(page.getByRole("heading", { level: 1, name: "SLOs" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "SLOs" })).toHaveAttribute("aria-current", "page");
  // Every nav item still fits at 1280 px: the Admin button ends inside the nav's box.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await expect
    .poll(async () => {
      const navBox = await nav.boundingBox();
      const menuBox = await nav.getByRole("button", { name: /^Admin/ }).boundingBox();
      return Boolean(navBox && menuBox && menuBox.x + menuBox.width <= navBox.x + navBox.width);
    })
    .toBe(true);

  // The team's channel, which the form offers among the existing ones.
  const csrf = { "x-runwatch-csrf": "1" };
  const channelName = `e2e-team-${id}`;
  const channel = await page.request.post("/api/v1/channels", {
    headers: csrf,
    data: { name: channelName, kind: "webhook", config: { url: "https://example.com/runwatch-e2e" } },
  });
  expect(channel.status()).toBe(201);
  const channelId = ((await channel.json()) as { id: string }).id;

  await page.getByRole("button", { name: "New SLO" }).click();
  const form = page.getByRole("form", { name: "New SLO" });
  const name = `Queue ${id}`;
  await form.getByLabel("Name", { exact: true }).fill(name);
  await expect(form.getByLabel("Objective")).toHaveValue("queue_time_p95");
  await form.getByLabel("Pool (as the Queue page names it)").fill("no-such-pool");
  await form.getByLabel("Longest good wait (seconds)").fill("60");
  await form.getByLabel("Target (% of events good over 28 days)").fill("99");
  await form.getByRole("button", { name: "Create SLO" }).click();
  const pool = form.getByLabel("Pool (as the Queue page names it)");
  await expect(pool).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("alert")).toContainText("Names no known pool");
  await pool.fill(POOL);
  await form.getByLabel("Target (% of events good over 28 days)").fill("100");
  await form.getByRole("button", { name: "Create SLO" }).click();
  await expect(form.getByLabel("Target (% of events good over 28 days)")).toHaveAttribute(
    "aria-invalid",
    "true",
  );
  await expect(form.getByRole("alert")).toHaveText(
    "Must be below 100 (a 100 % target leaves no error budget)",
  );
  await form.getByLabel("Target (% of events good over 28 days)").fill("99");
  await form.getByLabel(/^Description/).fill("Builds on k8s start within a minute; owned by team A.");
  await form.getByRole("checkbox", { name: new RegExp(channelName) }).check();
  await form.getByRole("button", { name: "Create SLO" }).click();
  await expect(form).toBeHidden();

  const card = page.getByTestId("slo-card").filter({ hasText: name });
  await expect(card).toContainText(`99% of jobs on pool ${POOL} start within 60 s over 28 days`);
  await expect(card.getByRole("meter", { name: `Error budget remaining for ${name}` })).toBeVisible();
  await expect(card).toContainText("Burn 1h (alert at 14.4×)");
  await expect(card).toContainText("Burn 6h (alert at 6×)");
  const consumer = card.getByRole("link", { name: new RegExp(repo.replace("/", "\\/")) });
  await expect(consumer).toHaveAttribute("href", `/jobs/${encodeURIComponent(`github:${id}`)}`);
  await expect(card).toContainText("queued 4m");
  await expect(card.getByRole("button", { name: "Edit" })).toBeVisible();
  await expect(card.getByTestId("slo-description")).toHaveText(
    "Builds on k8s start within a minute; owned by team A.",
  );
  const slos = (await (await page.request.get("/api/v1/slos")).json()) as {
    items: { slo: { name: string; channels?: string[] } }[];
  };
  expect(slos.items.find((s) => s.slo.name === name)?.slo.channels).toEqual([channelId]);
  // Editing shows the channel picked.
  await card.getByRole("button", { name: "Edit" }).click();
  const editForm = page.getByRole("form", { name: "Edit SLO" });
  await expect(editForm.getByRole("checkbox", { name: new RegExp(channelName) })).toBeChecked();
  await expect(editForm.getByLabel(/^Description/)).toHaveValue(
    "Builds on k8s start within a minute; owned by team A.",
  );
  await editForm.getByRole("button", { name: "Cancel" }).click();

  for (const colorScheme of ["light", "dark"] as const) {
    await showColorScheme(page, colorScheme);
    await page.screenshot({ path: `test-results/screenshots/slos-${colorScheme}.png`, fullPage: true });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${colorScheme} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual(
      [],
    );
  }

  // Clean up: the SLO goes through the confirm dialog.
  await showColorScheme(page, "light");
  await card.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("button", { name: "Delete SLO" }).click();
  await expect(card).toBeHidden();
  expect((await page.request.delete(`/api/v1/channels/${channelId}`, { headers: csrf })).status()).toBe(204);
});

/**
 * Phones (issue 14): every page at 375 × 812 in light and dark has no
 * horizontal overflow of the document, tap targets of at least 40 × 40 px
 * (or, for small inline ones such as links in text, no other target within
 * 20 px of their centre), no axe violation, and a screenshot to look at. The
 * navigation is a "Menu" button opening a sheet of full-width rows.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { deliver, freshId, workflowJob } from "./github";
import { showColorScheme } from "./settle";

test.use({ viewport: { width: 375, height: 812 }, hasTouch: true });

/** The failed job the job page shows (delivered in `beforeAll`). */
const FAILED_ID = freshId();

const PAGES = [
  { path: "/", name: "live" },
  { path: `/jobs/${encodeURIComponent(`github:${FAILED_ID}`)}`, name: "job" },
  { path: "/wall", name: "wall" },
  { path: "/pipelines", name: "pipelines" },
  { path: "/jobs", name: "jobs" },
  { path: "/insights", name: "insights" },
  { path: "/triage", name: "triage" },
  { path: "/queue", name: "queue" },
  { path: "/slos", name: "slos" },
  { path: "/runners", name: "runners" },
  { path: "/sources", name: "sources" },
  { path: "/alerts", name: "alerts" },
  { path: "/evidence", name: "evidence" },
  { path: "/audit", name: "audit" },
  { path: "/admin", name: "admin" },
];

/** The pages the navigation lists (the job page and the wallboard are reached from others). */
const NAV_PAGES = new Set(PAGES.map((p) => p.name).filter((name) => name !== "job" && name !== "wall"));

/** One tap target too small and too close to another, described for the failure message. */
interface CrowdedTarget {
  target: string;
  size: string;
  near: string;
}

/**
 * Visible interactive elements smaller than 40 × 40 px with another target
 * within 20 px of their centre (WCAG 2.5.8's spacing test, with the 40 px the
 * issue asks for). Visually hidden elements (1 px, such as the skip link
 * before it has focus) are not targets.
 */
async function crowdedTargets(page: Page): Promise<CrowdedTarget[]> {
  return page.evaluate(() => {
    const selector =
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="tab"]';
    const describe = (el: Element) => {
      const text = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().replace(/\s+/g, " ");
      return `${el.tagName.toLowerCase()} "${text.slice(0, 40)}"`;
    };
    const targets = [...document.querySelectorAll(selector)]
      .filter((el) => el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true }))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 1 && box.height > 1);
    const out: { target: string; size: string; near: string }[] = [];
    for (const { el, box } of targets) {
      if (box.width >= 40 && box.height >= 40) continue;
      const cx = box.left + box.width / 2;
      const cy = box.top + box.height / 2;
      const near = targets.find(({ el: other, box: b }) => {
        // A control inside its own label or link (a chip's radio) is the same target.
        if (other === el || other.contains(el) || el.contains(other)) return false;
        const dx = Math.max(b.left - cx, 0, cx - b.right);
        const dy = Math.max(b.top - cy, 0, cy - b.bottom);
        return Math.hypot(dx, dy) < 20;
      });
      if (near)
        out.push({
          target: describe(el),
          size: `${box.width.toFixed(0)}×${box.height.toFixed(0)}`,
          near: describe(near.el),
        });
    }
    return out;
  });
}

/** Waits for the page's first data (no loading skeleton left in the main landmark). */
async function settled(page: Page): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await expect(page.locator('main [role="status"][aria-label^="Loading"]')).toHaveCount(0, {
    timeout: 15_000,
  });
}

test.beforeAll(async ({ request }) => {
  // A failed and a running job, so Live, Jobs, Pipelines and Triage have rows to lay out.
  await deliver(request, workflowJob("workflow_job.completed.2.json", FAILED_ID, { repo: "e2e-phone/api" }));
  await deliver(
    request,
    workflowJob("workflow_job.in_progress.1.json", freshId(), { repo: "e2e-phone/api" }),
  );
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`every page fits a 375 px phone, with 40 px tap targets (${colorScheme})`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme });
    const overflow: string[] = [];
    const crowded: string[] = [];
    const axe: string[] = [];
    for (const { path, name } of PAGES) {
      await page.goto(path);
      await settled(page);
      await showColorScheme(page, colorScheme);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 375) overflow.push(`${path}: document ${width} px wide`);
      for (const c of await crowdedTargets(page))
        crowded.push(`${path}: ${c.target} ${c.size} near ${c.near}`);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
      for (const v of results.violations) axe.push(`${path} ${v.id}: ${v.help} (${v.nodes.length})`);
      await page.screenshot({
        path: `test-results/screenshots/phone-${name}-${colorScheme}.png`,
        fullPage: true,
      });
    }
    expect(overflow).toEqual([]);
    expect(crowded).toEqual([]);
    expect(axe).toEqual([]);
  });
}

test("the phone menu lists every page in large rows and navigates", async ({ page }) => {
  await page.goto("/");
  await settled(page);
  // The bar navigation is for wider screens; a phone gets the Menu button.
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  const menu = page.getByRole("button", { name: "Menu" });
  const button = await menu.boundingBox();
  expect(button && button.height >= 40 && button.width >= 40).toBe(true);
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeVisible();
  const links = nav.getByRole("link");
  await expect(links).toHaveCount(PAGES.filter((p) => NAV_PAGES.has(p.name)).length);
  for (const box of await links.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height)))
    expect(box).toBeGreaterThanOrEqual(44);
  for (const colorScheme of ["light", "dark"] as const) {
    await showColorScheme(page, colorScheme);
    await page.screenshot({ path: `test-results/screenshots/phone-menu-${colorScheme}.png` });
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  }
  await nav.getByRole("link", { name: "Runners" }).click();
  await expect(page).toHaveURL(/\/runners$/);
  await expect(page.getByRole("heading", { level: 1, name: "Runners" })).toBeVisible();
  // Navigating closes the sheet.
  await expect(nav).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
});

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("the sign-in page fits a 375 px phone in light and dark", async ({ page }) => {
    for (const colorScheme of ["light", "dark"] as const) {
      // The sign-in page takes the system theme as it loads (it has no theme toggle to follow changes).
      await page.emulateMedia({ colorScheme });
      await page.goto("/login");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await showColorScheme(page, colorScheme);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      expect(await crowdedTargets(page)).toEqual([]);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
      await page.screenshot({
        path: `test-results/screenshots/phone-login-${colorScheme}.png`,
        fullPage: true,
      });
    }
  });
});

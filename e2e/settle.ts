/**
 * Waits on what the page shows, not on the clock: before a screenshot, the
 * theme is applied and every colour transition has finished; after a resize,
 * every chart has been redrawn at its new width.
 */
import { expect, type Page } from "@playwright/test";

const DARK_CLASS = /(^|\s)dark(\s|$)/;

/** Emulates `colorScheme` and waits until the page has switched to it and finished transitioning. */
export async function showColorScheme(page: Page, colorScheme: "light" | "dark"): Promise<void> {
  await page.emulateMedia({ colorScheme });
  // The theme script toggles `dark` on <html> when the preference follows the system.
  const html = page.locator("html");
  if (colorScheme === "dark") await expect(html).toHaveClass(DARK_CLASS);
  else await expect(html).not.toHaveClass(DARK_CLASS);
  await transitionsDone(page);
}

/** Resolves once no CSS transition is running (looping animations, like a pulsing dot, are not waited for). */
export async function transitionsDone(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      !document
        .getAnimations()
        .some((animation) => animation instanceof CSSTransition && animation.playState === "running"),
  );
}

/** Resolves once the page has charts and each one is drawn at its box's current width. */
export async function chartsFitTheirBoxes(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() => {
        const boxes = [...document.querySelectorAll(".recharts-responsive-container")];
        const misfits = boxes.filter((box) => {
          const surface = box.querySelector("svg.recharts-surface");
          return !surface || Math.abs(Number(surface.getAttribute("width")) - box.clientWidth) > 1;
        });
        return { drawn: boxes.length > 0, misfits: misfits.length };
      }),
    )
    .toEqual({ drawn: true, misfits: 0 });
}

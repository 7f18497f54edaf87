/** Signs in once as the admin (through the API) and keeps the cookie for the specs. */
import { expect, test as setup } from "@playwright/test";
import { ADMIN_STATE, E2E_ADMIN_TOKEN } from "../playwright.config";

setup("sign in as admin", async ({ request }) => {
  const response = await request.post("/api/v1/auth/session", { data: { key: E2E_ADMIN_TOKEN } });
  expect(response.status()).toBe(200);
  await request.storageState({ path: ADMIN_STATE });
});

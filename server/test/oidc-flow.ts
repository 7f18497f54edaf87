/**
 * A user at the test provider, driven over HTTP as a browser would: follows
 * the redirects from Runwatch's `/api/v1/auth/oidc/start`, fills in the
 * provider's login form and confirms its consent form, and stops at the
 * redirect back to Runwatch's callback (returned, not followed, so a test
 * can deliver it once, twice, or altered).
 */

/** Cookies of one site (the provider), by name; paths are ignored (one host, one test). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/**
 * Signs in as `login` at the provider, starting from Runwatch at `runwatchUrl`.
 * @returns the callback URL the provider sent the browser to.
 */
export async function loginAtProvider(
  runwatchUrl: string,
  login: string,
  returnTo = "/jobs",
): Promise<string> {
  const start = await fetch(
    `${runwatchUrl}/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`,
    {
      redirect: "manual",
    },
  );
  if (start.status !== 302) throw new Error(`start answered ${start.status}: ${await start.text()}`);
  let next = new URL(start.headers.get("location") ?? "");
  const providerOrigin = next.origin;
  const jar = new CookieJar();
  for (let step = 0; step < 20; step += 1) {
    if (next.origin !== providerOrigin) return next.toString();
    const response = await fetch(next, { redirect: "manual", headers: { cookie: jar.header() } });
    jar.take(response);
    if (response.status >= 300 && response.status < 400) {
      next = new URL(response.headers.get("location") ?? "", next);
      continue;
    }
    const html = await response.text();
    if (response.status !== 200)
      throw new Error(`provider answered ${response.status}: ${html.slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form at the provider: ${html.slice(0, 500)}`);
    const fields: Record<string, string> =
      prompt === "login" ? { prompt, login, password: "any-password" } : { prompt };
    const submitted = await fetch(new URL(action.replace(/&amp;/g, "&"), next), {
      method: "POST",
      redirect: "manual",
      headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
    });
    jar.take(submitted);
    if (submitted.status < 300 || submitted.status >= 400)
      throw new Error(`form answered ${submitted.status}: ${(await submitted.text()).slice(0, 500)}`);
    next = new URL(submitted.headers.get("location") ?? "", next);
  }
  throw new Error("too many steps at the provider");
}

/** Delivers the callback to Runwatch: the redirect it answers with and the session cookie it set ("" when none). */
export async function deliverCallback(
  callbackUrl: string,
): Promise<{ status: number; location: string; cookie: string }> {
  const response = await fetch(callbackUrl, { redirect: "manual" });
  const setCookie =
    response.headers.getSetCookie().find((line) => line.startsWith("runwatch_session=")) ?? "";
  await response.arrayBuffer();
  return {
    status: response.status,
    location: response.headers.get("location") ?? "",
    cookie: setCookie.split(";")[0] ?? "",
  };
}

import { describe, expect, it } from "vitest";
import { hashSecret } from "../domain/credentials";
import { describeEachEngine, freshStorePerTest } from "../test/engines/stores";
import { TOUCH_GRANULARITY_MS } from "./key-queries";

const T0 = Date.parse("2026-03-01T12:00:00Z");

describeEachEngine("API keys and the first admin key", (engine) => {
  const fresh = freshStorePerTest(engine);
  /** Every byte (or row) the database holds, as text. */
  const rawDatabase = () => fresh.database.rawText();

  describe("API keys", () => {
    it("round-trips a key, storing only its hash", async () => {
      const { key, secret } = await fresh.store.createApiKey(
        { name: " ci-bot ", scopes: ["read"], createdBy: "cli" },
        T0,
      );
      expect(key).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{12}$/),
        name: "ci-bot",
        scopes: ["read"],
        prefix: secret.slice(0, 9),
        createdBy: "cli",
        createdAt: "2026-03-01T12:00:00.000Z",
        lastUsedAt: null,
        revokedAt: null,
        teams: [],
      });
      expect(await fresh.store.findApiKeyBySecret(secret)).toEqual(key);
      expect(await fresh.store.getApiKey(key.id)).toEqual(key);
      expect(await fresh.store.listApiKeys()).toEqual([key]);
      expect(JSON.stringify(await fresh.store.listApiKeys())).not.toContain(hashSecret(secret));

      const raw = await rawDatabase();
      expect(raw).not.toContain(secret);
      expect(raw).not.toContain(secret.slice(9));
      expect(raw).toContain(hashSecret(secret));
    });

    it("survives a restart", async () => {
      const { key, secret } = await fresh.store.createApiKey(
        { name: "a", scopes: ["admin", "ingest"], createdBy: "cli" },
        T0,
      );
      await fresh.reopen();
      expect(await fresh.store.findApiKeyBySecret(secret)).toEqual({ ...key, scopes: ["ingest", "admin"] });
    });

    it("finds nothing for a wrong, altered or empty secret", async () => {
      const { secret } = await fresh.store.createApiKey(
        { name: "a", scopes: ["read"], createdBy: "cli" },
        T0,
      );
      expect(await fresh.store.findApiKeyBySecret(`${secret}x`)).toBeNull();
      expect(await fresh.store.findApiKeyBySecret(secret.slice(0, -1))).toBeNull();
      expect(await fresh.store.findApiKeyBySecret("")).toBeNull();
      expect(await fresh.store.findApiKeyBySecret(hashSecret(secret))).toBeNull();
    });

    it("refuses bad names and scopes", async () => {
      await expect(
        fresh.store.createApiKey({ name: "  ", scopes: ["read"], createdBy: "cli" }, T0),
      ).rejects.toThrow(/name/);
      await expect(
        fresh.store.createApiKey({ name: "x".repeat(101), scopes: ["read"], createdBy: "cli" }, T0),
      ).rejects.toThrow(/name/);
      await expect(fresh.store.createApiKey({ name: "a", scopes: [], createdBy: "cli" }, T0)).rejects.toThrow(
        /scope/,
      );
    });

    it("lists newest first, revoked included", async () => {
      const a = await fresh.store.createApiKey({ name: "a", scopes: ["read"], createdBy: "cli" }, T0);
      const b = await fresh.store.createApiKey({ name: "b", scopes: ["read"], createdBy: "cli" }, T0 + 1);
      await fresh.store.revokeApiKey(a.key.id, T0 + 2);
      expect((await fresh.store.listApiKeys()).map((k) => [k.name, k.revokedAt])).toEqual([
        ["b", null],
        ["a", "2026-03-01T12:00:00.002Z"],
      ]);
      expect(b.key.id).not.toBe(a.key.id);
    });

    it("reports the first use exactly once and keeps last-used to the minute", async () => {
      const { key } = await fresh.store.createApiKey({ name: "a", scopes: ["read"], createdBy: "cli" }, T0);
      const uses = await Promise.all([1, 2, 3, 4].map(() => fresh.store.touchApiKey(key.id, T0 + 10)));
      expect(uses.filter((u) => u.firstUse)).toHaveLength(1);
      expect((await fresh.store.getApiKey(key.id))?.lastUsedAt).toBe(new Date(T0 + 10).toISOString());

      await fresh.store.touchApiKey(key.id, T0 + 20);
      expect((await fresh.store.getApiKey(key.id))?.lastUsedAt).toBe(new Date(T0 + 10).toISOString());
      const later = T0 + 10 + TOUCH_GRANULARITY_MS + 1;
      expect(await fresh.store.touchApiKey(key.id, later)).toEqual({ firstUse: false });
      expect((await fresh.store.getApiKey(key.id))?.lastUsedAt).toBe(new Date(later).toISOString());
    });

    it("revokes once; a revoked key no longer authenticates", async () => {
      const { key, secret } = await fresh.store.createApiKey(
        { name: "a", scopes: ["read"], createdBy: "cli" },
        T0,
      );
      expect(await fresh.store.revokeApiKey(key.id, T0 + 5)).toBe(true);
      expect(await fresh.store.revokeApiKey(key.id, T0 + 6)).toBe(false);
      expect(await fresh.store.revokeApiKey("nope", T0 + 6)).toBe(false);
      expect(await fresh.store.findApiKeyBySecret(secret)).toBeNull();
      expect((await fresh.store.getApiKey(key.id))?.revokedAt).toBe(new Date(T0 + 5).toISOString());
    });
  });

  describe("ensureAdminKey", () => {
    const TOKEN = "a-configured-admin-token-of-40-characters";

    it("generates an admin key once, returns its secret once, and audits it", async () => {
      const first = await fresh.store.ensureAdminKey(undefined, T0);
      expect(first.created).toMatchObject({ scopes: ["admin"], createdBy: "system" });
      expect(first.secret).toMatch(/^rw_/);
      expect(await fresh.store.findApiKeyBySecret(first.secret!)).toEqual(first.created);
      expect(await fresh.store.ensureAdminKey(undefined, T0 + 1)).toEqual({
        created: null,
        secret: null,
        warning: null,
      });
      expect((await fresh.store.listAudit({ limit: 10 })).items).toMatchObject([
        {
          actor: "system",
          action: "key.created",
          target: first.created?.id,
          details: { source: "generated" },
        },
      ]);
    });

    it("registers RUNWATCH_ADMIN_TOKEN without echoing it, and only once", async () => {
      const first = await fresh.store.ensureAdminKey(TOKEN, T0);
      expect(first.secret).toBeNull();
      expect(await fresh.store.findApiKeyBySecret(TOKEN)).toMatchObject({
        id: first.created?.id,
        scopes: ["admin"],
      });
      expect(await fresh.store.ensureAdminKey(TOKEN, T0 + 1)).toEqual({
        created: null,
        secret: null,
        warning: null,
      });
      expect(await fresh.store.listApiKeys()).toHaveLength(1);
      expect(await rawDatabase()).not.toContain(TOKEN);
    });

    it("ignores a configured token once an admin key exists, and never revives a revoked one", async () => {
      const generated = await fresh.store.ensureAdminKey(undefined, T0);
      const ignored = await fresh.store.ensureAdminKey(TOKEN, T0 + 1);
      expect(ignored).toMatchObject({ created: null, warning: expect.stringContaining("ignored") });
      expect(await fresh.store.findApiKeyBySecret(TOKEN)).toBeNull();

      await fresh.store.revokeApiKey(generated.created!.id, T0 + 2);
      const registered = await fresh.store.ensureAdminKey(TOKEN, T0 + 3);
      expect(registered.created?.name).toContain("RUNWATCH_ADMIN_TOKEN");
      await fresh.store.revokeApiKey(registered.created!.id, T0 + 4);
      const regenerated = await fresh.store.ensureAdminKey(TOKEN, T0 + 5);
      expect(regenerated).toMatchObject({
        secret: expect.stringMatching(/^rw_/),
        warning: expect.stringContaining("revoked"),
      });
      expect(await fresh.store.findApiKeyBySecret(TOKEN)).toBeNull();
      expect(await fresh.store.verifyAudit()).toMatchObject({ ok: true, count: 3 });
    });

    it("refuses a short configured token", async () => {
      await expect(fresh.store.ensureAdminKey("changeme", T0)).rejects.toThrow(/at least 32/);
      expect(await fresh.store.listApiKeys()).toEqual([]);
    });
  });
});

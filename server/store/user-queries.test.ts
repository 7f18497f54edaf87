/** The single sign-on slice on both engines: users upserted by issuer + subject, their sessions, pending logins taken once. */
import { describe, expect, it } from "vitest";
import { describeEachEngine, freshStorePerTest } from "../test/engines/stores";
import type { UserClaims } from "./store";

const T0 = Date.parse("2026-03-01T12:00:00Z");
const MINUTE = 60_000;
const claims = (patch: Partial<UserClaims> = {}): UserClaims => ({
  issuer: "https://idp.example.com",
  subject: "alice",
  kind: "person",
  name: "Alice",
  email: "alice@example.com",
  groups: ["platform-admins"],
  role: "admin",
  ...patch,
});

describeEachEngine("single sign-on store", (engine) => {
  const current = freshStorePerTest(engine);

  describe("users", () => {
    it("inserts a user once per issuer and subject, then refreshes groups, role and last seen", async () => {
      const { store } = current;
      const first = await store.upsertUser(claims(), T0);
      expect(first.created).toBe(true);
      expect(first.user.id).toMatch(/^usr_[0-9a-f]{16}$/);
      const again = await store.upsertUser(claims({ groups: ["developers"], role: "read" }), T0 + MINUTE);
      expect(again).toMatchObject({
        created: false,
        user: {
          id: first.user.id,
          groups: ["developers"],
          role: "read",
          lastSeenAt: "2026-03-01T12:01:00.000Z",
        },
      });
      const other = await store.upsertUser(claims({ issuer: "https://other.example.com" }), T0);
      expect(other.created).toBe(true);
      const users = await store.listUsers(T0);
      expect(users.map((u) => [u.issuer, u.role])).toEqual([
        ["https://idp.example.com", "read"],
        ["https://other.example.com", "admin"],
      ]);
    });
  });

  describe("sessions", () => {
    it("finds a session until it expires or is revoked, and hands back its ID token once", async () => {
      const { store } = current;
      const { user } = await store.upsertUser(claims(), T0);
      const session = await store.createUserSession(user.id, "id.token.value", 60 * MINUTE, T0);
      expect(session.token).toMatch(/^rws_/);
      expect(await store.findUserSession(session.token, T0 + 59 * MINUTE)).toMatchObject({
        session: { id: session.id, userId: user.id, idToken: "id.token.value" },
        user: { id: user.id, role: "admin", groups: ["platform-admins"] },
      });
      expect(await store.findUserSession(session.token, T0 + 60 * MINUTE)).toBeNull();
      expect((await store.listUsers(T0))[0]?.activeSessions).toBe(1);
      expect(await store.revokeUserSession(session.id, T0)).toEqual({ idToken: "id.token.value" });
      expect(await store.revokeUserSession(session.id, T0)).toBeNull();
      expect(await store.findUserSession(session.token, T0)).toBeNull();
    });

    it("revokes every session of one user only", async () => {
      const { store } = current;
      const alice = (await store.upsertUser(claims(), T0)).user;
      const bob = (await store.upsertUser(claims({ subject: "bob" }), T0)).user;
      const a1 = await store.createUserSession(alice.id, null, 60 * MINUTE, T0);
      await store.createUserSession(alice.id, null, 60 * MINUTE, T0);
      const b1 = await store.createUserSession(bob.id, null, 60 * MINUTE, T0);
      expect(await store.revokeUserSessions(alice.id, T0)).toBe(2);
      expect(await store.findUserSession(a1.token, T0)).toBeNull();
      expect(await store.findUserSession(b1.token, T0)).not.toBeNull();
    });

    it("lists open sessions with their user for the access review, newest first", async () => {
      const { store } = current;
      const alice = (await store.upsertUser(claims(), T0)).user;
      const bob = (
        await store.upsertUser(claims({ subject: "bob", email: null, name: "Bob", role: "read" }), T0)
      ).user;
      const old = await store.createUserSession(alice.id, null, 10 * MINUTE, T0);
      const revoked = await store.createUserSession(alice.id, null, 60 * MINUTE, T0 + MINUTE);
      const open = await store.createUserSession(bob.id, null, 60 * MINUTE, T0 + 2 * MINUTE);
      await store.revokeUserSession(revoked.id, T0 + 3 * MINUTE);
      expect(await store.listUserSessions(T0 + 5 * MINUTE)).toEqual([
        {
          id: open.id,
          userId: bob.id,
          userName: "Bob",
          role: "read",
          createdAt: "2026-03-01T12:02:00.000Z",
          lastSeenAt: null,
          expiresAt: "2026-03-01T13:02:00.000Z",
        },
        {
          id: old.id,
          userId: alice.id,
          userName: "alice@example.com",
          role: "admin",
          createdAt: "2026-03-01T12:00:00.000Z",
          lastSeenAt: null,
          expiresAt: "2026-03-01T12:10:00.000Z",
        },
      ]);
      // Expired: gone from the review.
      expect((await store.listUserSessions(T0 + 10 * MINUTE)).map((s) => s.id)).toEqual([open.id]);
    });
  });

  describe("pending logins", () => {
    const login = {
      state: "state-1",
      nonce: "n",
      code_verifier: "v",
      return_to: "/jobs",
      expires_at: T0 + 10 * MINUTE,
    };

    it("is taken once: a second take (a replay) finds nothing", async () => {
      const { store } = current;
      await store.savePendingLogin(login, T0);
      expect(await store.takePendingLogin("state-1", T0 + MINUTE)).toEqual(login);
      expect(await store.takePendingLogin("state-1", T0 + MINUTE)).toBeNull();
    });

    it("is refused once expired, and expired ones are dropped when the next is saved", async () => {
      const { store } = current;
      await store.savePendingLogin(login, T0);
      expect(await store.takePendingLogin("state-1", T0 + 10 * MINUTE)).toBeNull();
      await store.savePendingLogin(login, T0);
      await store.savePendingLogin({ ...login, state: "state-2" }, T0 + 11 * MINUTE);
      expect(await store.takePendingLogin("state-1", T0 + MINUTE)).toBeNull();
    });
  });
});

/** The single sign-on settings: parsed form, and each misconfiguration named by its variable. */
import { describe, expect, it } from "vitest";
import { loadSettings } from "./settings";

const base = {
  RUNWATCH_PUBLIC_URL: "https://runwatch.example.com/",
  RUNWATCH_OIDC_ISSUER: "https://login.example.com/realms/acme",
  RUNWATCH_OIDC_CLIENT_ID: "runwatch",
  RUNWATCH_OIDC_CLIENT_SECRET: "s3cret-s3cret",
};

describe("RUNWATCH_OIDC_*", () => {
  it("is off without an issuer, with API-key sign-in on", () => {
    const settings = loadSettings({});
    expect(settings.oidc).toBeNull();
    expect(settings.keySignin).toBe(true);
  });

  it("parses the issuer, redirect URI, rules and a strict default", () => {
    const settings = loadSettings({
      ...base,
      RUNWATCH_OIDC_ROLES: "platform-admins=admin, auditors=auditor ,*=read",
      RUNWATCH_OIDC_NAME: "Acme SSO",
      RUNWATCH_KEY_SIGNIN: "off",
    });
    expect(settings.oidc).toEqual({
      issuer: "https://login.example.com/realms/acme",
      clientId: "runwatch",
      clientSecret: "s3cret-s3cret",
      scopes: "openid profile email",
      allowHttp: false,
      audience: null,
      name: "Acme SSO",
      roleClaim: "groups",
      roleRules: [
        { value: "platform-admins", role: "admin" },
        { value: "auditors", role: "auditor" },
        { value: "*", role: "read" },
      ],
      defaultRole: "deny",
      clockToleranceSeconds: 30,
      redirectUri: "https://runwatch.example.com/api/v1/auth/oidc/callback",
    });
    expect(settings.keySignin).toBe(false);
  });

  const refusals: [string, Record<string, string>, RegExp][] = [
    [
      "a plain-http issuer",
      { RUNWATCH_OIDC_ISSUER: "http://idp.local" },
      /RUNWATCH_OIDC_ISSUER: .*plain http/,
    ],
    ["no client id", { RUNWATCH_OIDC_CLIENT_ID: "" }, /RUNWATCH_OIDC_CLIENT_ID: .*required/],
    ["no public URL", { RUNWATCH_PUBLIC_URL: "" }, /RUNWATCH_PUBLIC_URL: .*redirect URI/],
    [
      "a rule without a role",
      { RUNWATCH_OIDC_ROLES: "admins=boss" },
      /RUNWATCH_OIDC_ROLES: "admins=boss" is not value=role/,
    ],
    ["scopes without openid", { RUNWATCH_OIDC_SCOPES: "profile email" }, /RUNWATCH_OIDC_SCOPES: .*openid/],
    ["an unknown default role", { RUNWATCH_OIDC_DEFAULT_ROLE: "root" }, /RUNWATCH_OIDC_DEFAULT_ROLE/],
  ];
  for (const [what, patch, message] of refusals) {
    it(`refuses ${what}, naming the variable`, () => {
      expect(() => loadSettings({ ...base, ...patch })).toThrow(message);
    });
  }

  it("accepts a plain-http issuer with RUNWATCH_OIDC_ALLOW_HTTP=on, and refuses key sign-in off without an issuer", () => {
    expect(
      loadSettings({ ...base, RUNWATCH_OIDC_ISSUER: "http://idp.local", RUNWATCH_OIDC_ALLOW_HTTP: "on" }).oidc
        ?.allowHttp,
    ).toBe(true);
    expect(() => loadSettings({ RUNWATCH_KEY_SIGNIN: "off" })).toThrow(
      /RUNWATCH_KEY_SIGNIN: .*needs RUNWATCH_OIDC_ISSUER/,
    );
  });
});

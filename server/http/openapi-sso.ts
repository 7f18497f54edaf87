/** The OpenAPI operations of `oidc-routes.ts`: single sign-on, its logout, and the user list. */
import { json, operation, type Method } from "./openapi-operation";
import { ref, type JsonSchema } from "./openapi-schema-kit";

const redirect = (description: string) => ({
  description,
  headers: { location: { schema: { type: "string" }, description: "Where the browser goes next." } },
});

const location = json(
  { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
  "The same, for a client that sends `Accept: application/json` only (it follows `location` itself).",
);

const notConfigured = json(ref("ApiError"), "Single sign-on is not configured (`sso_not_configured`).");

const user: JsonSchema = {
  type: "object",
  properties: {
    id: { type: "string", description: "`usr_…`; the actor of the user's audit entries." },
    issuer: { type: "string" },
    subject: { type: "string", description: "The provider's `sub`." },
    kind: {
      type: "string",
      enum: ["person", "client"],
      description: "`client`: seen only as an access token.",
    },
    name: { type: "string" },
    email: { type: ["string", "null"] },
    groups: {
      type: "array",
      items: { type: "string" },
      description: "The role claim's values at the latest sign-in.",
    },
    role: { type: "string", description: "`admin`, `read`, `auditor` or `deny` (a client: its scopes)." },
    createdAt: { type: "string", format: "date-time" },
    lastSeenAt: { type: "string", format: "date-time" },
    activeSessions: { type: "integer", minimum: 0 },
  },
  required: [
    "id",
    "issuer",
    "subject",
    "kind",
    "name",
    "email",
    "groups",
    "role",
    "createdAt",
    "lastSeenAt",
    "activeSessions",
  ],
};

/** The single sign-on operations, by OpenAPI path. */
export function ssoPaths(): Record<string, Partial<Record<Method, JsonSchema>>> {
  return {
    "/api/v1/auth/providers": {
      get: operation("get", "signInProviders", {
        tag: "Auth",
        access: "public",
        summary: "What the login page offers: single sign-on and/or API-key sign-in",
        responses: {
          "200": json(
            {
              type: "object",
              properties: {
                sso: {
                  type: ["object", "null"],
                  properties: { name: { type: "string" }, start: { type: "string" } },
                  required: ["name", "start"],
                },
                keySignin: { type: "boolean", description: "`RUNWATCH_KEY_SIGNIN`." },
              },
              required: ["sso", "keySignin"],
            },
            "The sign-in methods.",
          ),
        },
      }),
    },
    "/api/v1/auth/oidc/start": {
      get: operation("get", "startSso", {
        tag: "Auth",
        access: "public",
        summary: "Start single sign-on: redirect to the provider (code flow, PKCE S256, state, nonce)",
        description:
          "The pending sign-in is kept for 10 minutes and can be finished once, on any node. `returnTo` must be a same-origin path; anything else goes back to `/`.",
        parameters: [{ name: "returnTo", in: "query", required: false, schema: { type: "string" } }],
        responses: {
          "200": location,
          "302": redirect("To the provider's authorization endpoint."),
          "404": notConfigured,
        },
      }),
    },
    "/api/v1/auth/oidc/callback": {
      get: operation("get", "finishSso", {
        tag: "Auth",
        access: "public",
        summary: "The provider's redirect back: checks everything, signs in, redirects",
        description:
          "Signed in: sets the session cookie and redirects to `returnTo`. Refused (audited as `auth.signin.failure` with its reason): redirects to `/login?sso=denied` when no role rule admits the user, `/login?sso=failed` otherwise (bad or replayed state, ID token signature, issuer, audience, nonce or expiry).",
        parameters: [
          { name: "code", in: "query", required: false, schema: { type: "string" } },
          { name: "state", in: "query", required: false, schema: { type: "string" } },
        ],
        responses: {
          "200": location,
          "302": redirect("Back to the dashboard, or to the login page with a reason."),
          "404": notConfigured,
        },
      }),
    },
    "/api/v1/auth/oidc/logout": {
      post: operation("post", "signOutSso", {
        tag: "Auth",
        access: "public",
        summary: "Sign out, and get the provider's logout URL (RP-initiated logout)",
        responses: {
          "200": json(
            {
              type: "object",
              properties: {
                signedOut: { type: "boolean", const: true },
                redirect: {
                  type: ["string", "null"],
                  description:
                    "The provider's `end_session_endpoint` with `id_token_hint` and `post_logout_redirect_uri` (RUNWATCH_PUBLIC_URL + `/login`); null when the session was not a single sign-on one or the provider offers none.",
                },
              },
              required: ["signedOut", "redirect"],
            },
            "The session (if any) is ended and its cookie cleared.",
          ),
        },
      }),
    },
    "/api/v1/users": {
      get: operation("get", "listUsers", {
        tag: "Sessions",
        access: "admin",
        summary: "Who signed in through single sign-on, and the role rules",
        responses: {
          "200": json(
            {
              type: "object",
              properties: {
                items: { type: "array", items: user },
                sso: {
                  type: ["object", "null"],
                  description:
                    "The configuration (read-only: it changes only through settings); null when off.",
                },
              },
              required: ["items", "sso"],
            },
            "Most recently seen first.",
          ),
        },
      }),
    },
    "/api/v1/users/{id}/sessions": {
      delete: operation("delete", "revokeUserSessions", {
        tag: "Sessions",
        access: "admin",
        summary: "End every session of a user (their live sockets close too)",
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            description: "The user's id.",
            schema: { type: "string" },
          },
        ],
        responses: {
          "200": json(
            {
              type: "object",
              properties: { revoked: { type: "integer", minimum: 0 } },
              required: ["revoked"],
            },
            "How many sessions were open.",
          ),
        },
      }),
    },
  };
}

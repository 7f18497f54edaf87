/** The OpenAPI operation of `privacy-routes.ts`: `POST /api/v1/privacy/erasures`. */
import { errorResponse, json, operation, type Method } from "./openapi-operation";
import { fromZod, ref, type JsonSchema } from "./openapi-schema-kit";
import { erasureBodySchema } from "./privacy-routes";

/** The erasure operation, by OpenAPI path. */
export function privacyPaths(): Record<string, Partial<Record<Method, JsonSchema>>> {
  return {
    "/api/v1/privacy/erasures": {
      post: operation("post", "erasePerson", {
        tag: "Admin",
        access: "admin",
        summary: "Erase a person (GDPR article 17) from every stored table and raw delivery (audited)",
        description:
          "Replaces the person's login, email and display name (and the other identities of every payload object that is them) with a stable pseudonym `erased-<hmac prefix>` in jobs, runs, observations, raw deliveries, filter suggestions, usage, roll-ups and alert history, in one transaction. Replay still works on the rewritten deliveries (it does not re-verify signatures). Idempotent. Recorded as `privacy.erased` with the counts and a keyed hash of the person, never the person. `dryRun: true` answers the same counts and changes nothing.",
        requestBody: {
          required: true,
          content: { "application/json": { schema: fromZod(erasureBodySchema) } },
        },
        responses: {
          "200": json(
            {
              type: "object",
              description: "What the erasure did (or would do, for a dry run).",
              properties: {
                touched: {
                  type: "object",
                  description: "Rows rewritten per table (every table named, 0 included).",
                  additionalProperties: { type: "integer", minimum: 0 },
                },
                pseudonym: { type: "string" },
                aliases: { type: "integer", minimum: 0 },
                dryRun: { type: "boolean" },
              },
              required: ["touched", "pseudonym", "aliases", "dryRun"],
            },
            "Done.",
          ),
          "400": errorResponse("BadRequest"),
          "409": json(ref("ApiError"), "An erasure is already running (`conflict`)."),
        },
      }),
    },
  };
}

/** The OpenAPI operation of `replay-routes.ts`: `POST /api/v1/deliveries/replay`. */
import { errorResponse, json, operation, type Method } from "./openapi-operation";
import { fromZod, ref, type JsonSchema } from "./openapi-schema-kit";
import { replayBodySchema } from "./replay-routes";

/** The replay operation, by OpenAPI path. */
export function replayPaths(): Record<string, Partial<Record<Method, JsonSchema>>> {
  return {
    "/api/v1/deliveries/replay": {
      post: operation("post", "replayDeliveries", {
        tag: "Sources",
        access: "admin",
        summary: "Re-process every stored delivery in the running server (audited)",
        description:
          "`runwatch replay` inside the server: every stored delivery, oldest first, through the current normalisers, rebuilding jobs and runs. Each change is pushed live (`jobs:updated`, `runs:updated`, `runners:updated`) as a fresh delivery's would be. Answers when done; one replay at a time (409 while one runs). Recorded as `deliveries.replayed`.",
        requestBody: {
          required: false,
          content: { "application/json": { schema: fromZod(replayBodySchema) } },
        },
        responses: {
          "200": json(
            {
              type: "object",
              description: "What the replay did (the CLI's `--json` summary).",
              properties: {
                generation: { type: "string" },
                deliveries: { type: "integer", minimum: 0 },
                applied: { type: "integer", minimum: 0 },
                ignored: { type: "integer", minimum: 0 },
                failed: { type: "integer", minimum: 0 },
                ms: { type: "integer", minimum: 0 },
                failures: {
                  type: "array",
                  description: "The first 100 deliveries the current normalisers refuse.",
                  items: {
                    type: "object",
                    properties: {
                      seq: { type: "integer" },
                      source: { type: "string" },
                      error: { type: "string" },
                    },
                    required: ["seq", "source", "error"],
                  },
                },
              },
              required: ["generation", "deliveries", "applied", "ignored", "failed", "ms", "failures"],
            },
            "Done.",
          ),
          "400": errorResponse("BadRequest"),
          "409": json(ref("ApiError"), "A replay is already running (`conflict`)."),
        },
      }),
    },
  };
}

/** The OpenAPI operations of `team-routes.ts`: `/api/v1/teams` (admin). */
import { teamInputSchema, teamUpdateSchema } from "../../lib/teams";
import { errorResponse, json, operation, type Method } from "./openapi-operation";
import { fromZod, type JsonSchema } from "./openapi-schema-kit";

const globs = (what: string): JsonSchema => ({ type: "array", items: { type: "string" }, description: what });

/** A team as listed (see docs/teams.md). */
export const teamSchema: JsonSchema = {
  type: "object",
  description:
    "A team: a job belongs to it when, for every kind of glob it gives (repos, sources, pools), one glob of that kind matches the job (case-insensitive; `*` any run, `?` one character, `\\` escapes).",
  properties: {
    name: { type: "string" },
    repos: globs("Repository globs, e.g. `acme/payments-*`."),
    sources: globs("Source globs (`github`, `gitlab`, `buildkite`, `jenkins`, `generic`)."),
    pools: globs("Label-pool globs, as Runwatch names pools (`linux, x64`, `queue=deploy`)."),
    groups: {
      type: "array",
      items: { type: "string" },
      description: "Identity-provider groups whose members belong to the team.",
    },
  },
  required: ["name", "repos", "sources", "pools", "groups"],
};

const nameParameter = {
  name: "name",
  in: "path",
  required: true,
  description: "The team's name.",
  schema: { type: "string" },
};

/** The team operations, by OpenAPI path. */
export function teamPaths(): Record<string, Partial<Record<Method, JsonSchema>>> {
  const notFound = { "404": errorResponse("NotFound") };
  return {
    "/api/v1/teams": {
      get: operation("get", "listTeams", {
        tag: "Keys",
        access: "admin",
        summary: "List teams",
        responses: {
          "200": json(
            {
              type: "object",
              properties: { items: { type: "array", items: teamSchema } },
              required: ["items"],
            },
            "Every team, by name.",
          ),
        },
      }),
      post: operation("post", "createTeam", {
        tag: "Keys",
        access: "admin",
        summary: "Create a team (audited as `team.created`)",
        description: "At least one glob in `repos`, `sources` or `pools`. 409 when the name is taken.",
        requestBody: {
          required: true,
          content: { "application/json": { schema: fromZod(teamInputSchema) } },
        },
        responses: {
          "201": json(teamSchema, "Created."),
          "400": errorResponse("BadRequest"),
          "409": json({ $ref: "#/components/schemas/ApiError" }, "A team of that name exists (`conflict`)."),
        },
      }),
    },
    "/api/v1/teams/{name}": {
      get: operation("get", "getTeam", {
        tag: "Keys",
        access: "admin",
        summary: "One team",
        parameters: [nameParameter],
        responses: { "200": json(teamSchema, "The team."), ...notFound },
      }),
      put: operation("put", "updateTeam", {
        tag: "Keys",
        access: "admin",
        summary: "Replace a team's globs and groups (audited as `team.updated`)",
        parameters: [nameParameter],
        requestBody: {
          required: true,
          content: { "application/json": { schema: fromZod(teamUpdateSchema) } },
        },
        responses: { "200": json(teamSchema, "Updated."), "400": errorResponse("BadRequest"), ...notFound },
      }),
      delete: operation("delete", "deleteTeam", {
        tag: "Keys",
        access: "admin",
        summary: "Delete a team (audited as `team.deleted`); keys scoped to it then see nothing",
        parameters: [nameParameter],
        responses: { "204": { description: "Deleted." }, ...notFound },
      }),
    },
  };
}

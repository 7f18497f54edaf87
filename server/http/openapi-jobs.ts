/**
 * The job-search operations of the OpenAPI document (`job-routes.ts`):
 * filter suggestions and a job's history, with the schemas of their answers.
 */
import {
  JOB_SUGGEST_FIELDS,
  jobHistoryQuerySchema,
  jobSuggestQuerySchema,
  type JobHistoryResponse,
  type JobSuggestions,
} from "../../lib/job-search";
import { errorResponse, json, operation, queryParameters, type Method } from "./openapi-operation";
import { objectOf, ref, strings, type JsonSchema } from "./openapi-schema-kit";

/** Component schemas of the job-search answers. */
export const JOB_SEARCH_SCHEMAS: Record<string, JsonSchema> = {
  JobSuggestions: objectOf<JobSuggestions>(
    "`GET /api/v1/jobs/suggestions`: known values of one field, most recently seen first.",
    {
      field: { type: "string", enum: [...JOB_SUGGEST_FIELDS], description: "The field asked for." },
      items: strings("Values starting with the prefix (any case)."),
    },
    {},
  ),
  JobHistory: objectOf<JobHistoryResponse>(
    "`GET /api/v1/jobs/{id}/history`: the job, then the earlier jobs with the same repository, workflow, job name and branch, newest first.",
    { items: { type: "array", items: ref("Job") } },
    {},
  ),
};

const SUGGEST_HELP: Record<string, string> = {
  field: `Which values: ${JOB_SUGGEST_FIELDS.map((f) => `\`${f}\``).join(", ")} (the job-list filter of that name).`,
  prefix: "Values starting with this text, in any case; empty (default) for all.",
  limit: "1–50, default 10.",
};

/** The job-search operations, by OpenAPI path and method. */
export function jobSearchPaths(): Record<string, Partial<Record<Method, JsonSchema>>> {
  return {
    "/api/v1/jobs/suggestions": {
      get: operation("get", "suggestJobValues", {
        tag: "Jobs",
        access: "read",
        summary: "Suggest filter values",
        description:
          "Known repositories, branches, workflows, job names or runner pools, most recently seen first (to the hour). " +
          "Read from a table of distinct values kept as jobs arrive, so the answer never scans the jobs; " +
          "values of purged jobs go with them.",
        parameters: queryParameters(jobSuggestQuerySchema, SUGGEST_HELP),
        responses: {
          "200": json(ref("JobSuggestions"), "The matching values."),
          "400": errorResponse("BadRequest"),
        },
      }),
    },
    "/api/v1/jobs/{id}/history": {
      get: operation("get", "getJobHistory", {
        tag: "Jobs",
        access: "read",
        summary: "A job's history on its branch",
        description:
          "The job and the earlier jobs of its series (same repository, workflow, job name and branch): " +
          "its earlier attempts and the same job in earlier runs, newest first. Jobs created after it are left out.",
        parameters: [
          {
            name: "id",
            in: "path",
            required: true,
            description: "The job's id (`<source>:<vendor job id>`).",
            schema: { type: "string" },
          },
          ...queryParameters(jobHistoryQuerySchema, {
            limit: "1–100, default 30 (the job itself included).",
          }),
        ],
        responses: {
          "200": json(ref("JobHistory"), "The job's history."),
          "400": errorResponse("BadRequest"),
          "404": errorResponse("NotFound"),
        },
      }),
    },
  };
}

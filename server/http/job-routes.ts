/** `GET /api/v1/jobs`, `/api/v1/jobs/suggestions`, `/api/v1/jobs/:id` and `/api/v1/jobs/:id/history`. */
import type { FastifyInstance } from "fastify";
import { jobQuerySchema } from "../../lib/api";
import {
  jobHistoryQuerySchema,
  jobSuggestQuerySchema,
  type JobHistoryResponse,
  type JobSuggestions,
} from "../../lib/job-search";
import type { Job } from "../../lib/job";
import type { JobReads, LogTailStore } from "../store/store";
import { HttpError } from "./errors";
import { parseQuery } from "./validate";

const notFound = (id: string) =>
  new HttpError(404, "not_found", `no job with id ${JSON.stringify(id)}`, "id");

/** Registers the job read routes. */
export async function jobRoutes(
  app: FastifyInstance,
  {
    store,
    withEtas = async (jobs) => [...jobs],
  }: {
    store: JobReads & Pick<LogTailStore, "getLogTail">;
    /** Attaches each queued job's ETA (`server/queue-intel/eta-service.ts`). */
    withEtas?: (jobs: readonly Job[]) => Promise<Job[]>;
  },
): Promise<void> {
  const read = { config: { access: "read" as const } };

  app.get("/api/v1/jobs", read, async (request) => {
    const page = await store.listJobs(parseQuery(jobQuerySchema, request.query), request.scope);
    return { ...page, items: await withEtas(page.items) };
  });

  // A static segment: Fastify matches it before `/api/v1/jobs/:id`.
  app.get("/api/v1/jobs/suggestions", read, async (request): Promise<JobSuggestions> => {
    const query = parseQuery(jobSuggestQuerySchema, request.query);
    return { field: query.field, items: await store.suggestJobValues(query, request.scope) };
  });

  app.get<{ Params: { id: string } }>("/api/v1/jobs/:id", read, async (request) => {
    const stored = await store.getJob(request.params.id, request.scope);
    if (!stored) throw notFound(request.params.id);
    const [job] = (await withEtas([stored])) as [Job];
    // What the failing lines say, when a read token let Runwatch fetch them.
    const category = job.failure ? (await store.getLogTail(job.id))?.category : undefined;
    return category ? { ...job, failure: { ...job.failure, category } } : job;
  });

  app.get<{ Params: { id: string } }>(
    "/api/v1/jobs/:id/history",
    read,
    async (request): Promise<JobHistoryResponse> => {
      const { limit } = parseQuery(jobHistoryQuerySchema, request.query);
      // Another team's job is unknown to a scoped caller; its earlier jobs share its repo, so its team.
      if (request.scope !== null && !(await store.getJob(request.params.id, request.scope))) {
        throw notFound(request.params.id);
      }
      const items = await store.jobHistory(request.params.id, limit);
      if (!items) throw notFound(request.params.id);
      return { items };
    },
  );
}

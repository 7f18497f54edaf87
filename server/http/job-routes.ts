/** `GET /api/v1/jobs` and `GET /api/v1/jobs/:id`. */
import type { FastifyInstance } from "fastify";
import { jobQuerySchema } from "../../lib/api";
import type { JobReads, LogTailStore } from "../store/store";
import { HttpError } from "./errors";
import { parseQuery } from "./validate";

/** Registers the job read routes. */
export async function jobRoutes(
  app: FastifyInstance,
  { store }: { store: JobReads & Pick<LogTailStore, "getLogTail"> },
): Promise<void> {
  const read = { config: { access: "read" as const } };

  app.get("/api/v1/jobs", read, async (request) => store.listJobs(parseQuery(jobQuerySchema, request.query)));

  app.get<{ Params: { id: string } }>("/api/v1/jobs/:id", read, async (request) => {
    const job = await store.getJob(request.params.id);
    if (!job)
      throw new HttpError(404, "not_found", `no job with id ${JSON.stringify(request.params.id)}`, "id");
    // What the failing lines say, when a read token let Runwatch fetch them.
    const category = job.failure ? (await store.getLogTail(job.id))?.category : undefined;
    return category ? { ...job, failure: { ...job.failure, category } } : job;
  });
}

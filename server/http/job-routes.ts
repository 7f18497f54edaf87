/** `GET /api/v1/jobs` and `GET /api/v1/jobs/:id`. */
import type { FastifyInstance } from "fastify";
import { jobQuerySchema } from "../../lib/api";
import type { JobReads } from "../store/store";
import { HttpError } from "./errors";
import { parseQuery } from "./validate";

/** Registers the job read routes. */
export async function jobRoutes(app: FastifyInstance, { store }: { store: JobReads }): Promise<void> {
  const read = { config: { access: "read" as const } };

  app.get("/api/v1/jobs", read, async (request) => store.listJobs(parseQuery(jobQuerySchema, request.query)));

  app.get<{ Params: { id: string } }>("/api/v1/jobs/:id", read, async (request) => {
    const job = await store.getJob(request.params.id);
    if (!job)
      throw new HttpError(404, "not_found", `no job with id ${JSON.stringify(request.params.id)}`, "id");
    return job;
  });
}

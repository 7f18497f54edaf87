/** `GET /api/v1/jobs/:id/log`: the failing lines kept for a job. */
import type { FastifyInstance } from "fastify";
import type { JobReads, LogTailStore } from "../store/store";
import { HttpError } from "./errors";

/** Registers the job log route. */
export async function jobLogRoutes(
  app: FastifyInstance,
  { store }: { store: Pick<JobReads, "getJob"> & Pick<LogTailStore, "getLogTail"> },
): Promise<void> {
  app.get<{ Params: { id: string } }>(
    "/api/v1/jobs/:id/log",
    { config: { access: "read" as const } },
    async (request) => {
      const { id } = request.params;
      // A scoped caller must not learn that another team's job has a log.
      const job = request.scope === null ? null : await store.getJob(id, request.scope);
      if (request.scope !== null && !job)
        throw new HttpError(404, "not_found", `no job with id ${JSON.stringify(id)}`, "id");
      const log = await store.getLogTail(id);
      if (log) return log;
      const known = job ?? (await store.getJob(id));
      throw new HttpError(
        404,
        "not_found",
        known
          ? `no log kept for job ${JSON.stringify(id)} (none fetched yet, its source has no read token, or it did not fail)`
          : `no job with id ${JSON.stringify(id)}`,
        "id",
      );
    },
  );
}

/**
 * Every SLO: those of `RUNWATCH_SLO_FILE` (read-only, validated once at
 * start) and those created through the API (stored), with their statuses.
 */
import { readFileSync } from "node:fs";
import type { z } from "zod";
import { sloFileSchema, type Slo, type SloInput, type SloStatus } from "../../lib/slo";
import type { ConfigRecord, SloStore } from "../store/store";
import { sloStatus, type SloStatusDeps } from "./slo-status";

/** A file-defined SLO as stored in memory: its entry and when the file was read. */
type FileSlo = Slo & { origin: "file" };

/** An SLO file that cannot be used; the message names the file, the entry and the field. */
export class SloFileError extends Error {
  override name = "SloFileError";
}

/** The dotted path of a zod issue, with the entry's id when the path goes through one. */
function describeIssue(raw: unknown, issue: z.core.$ZodIssue): string {
  // An unknown key is reported on its parent object: name the key itself.
  const unknownKey = issue.code === "unrecognized_keys" ? issue.keys[0] : undefined;
  const path = [...issue.path.map(String), ...(unknownKey === undefined ? [] : [unknownKey])];
  let where = path.length > 0 ? path.join(".") : "the file";
  if (path[0] === "slos" && path[1] !== undefined) {
    const entry = (raw as { slos?: unknown[] }).slos?.[Number(path[1])];
    const id = typeof entry === "object" && entry !== null ? (entry as { id?: unknown }).id : undefined;
    const field = path.slice(2).join(".") || "the entry";
    where = `entry ${path[1]}${typeof id === "string" ? ` (id ${JSON.stringify(id)})` : ""}, field ${field}`;
  }
  return `${where}: ${unknownKey === undefined ? issue.message : "is not a known field"}`;
}

/**
 * Reads and validates the SLO file (`{ "slos": [ { "id", "name", "objective", "target" } ] }`).
 * @throws SloFileError naming the file, the entry and the field at fault.
 */
export function loadSloFile(file: string, now: number): FileSlo[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const why = error instanceof SyntaxError ? `is not valid JSON (${error.message})` : "cannot be read";
    throw new SloFileError(`RUNWATCH_SLO_FILE ${file} ${why}`);
  }
  const parsed = sloFileSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new SloFileError(`RUNWATCH_SLO_FILE ${file}: ${first ? describeIssue(raw, first) : "is invalid"}`);
  }
  const seen = new Set<string>();
  const at = new Date(now).toISOString();
  return parsed.data.slos.map(({ id, ...input }, index) => {
    if (seen.has(id))
      throw new SloFileError(
        `RUNWATCH_SLO_FILE ${file}: entry ${index} (id "${id}"), field id: repeats an id`,
      );
    seen.add(id);
    return { id, ...input, origin: "file", createdAt: at, updatedAt: at };
  });
}

/** A stored SLO as the API shows it. */
export const toSlo = (record: ConfigRecord<SloInput>): Slo => ({
  id: record.id,
  ...record.input,
  origin: "api",
  createdAt: new Date(record.createdAt).toISOString(),
  updatedAt: new Date(record.updatedAt).toISOString(),
});

/** The registry. */
export interface SloRegistry {
  /** File SLOs first (in file order), then stored ones, oldest first. */
  list(): Promise<Slo[]>;
  /** One SLO by id, or null. */
  get(id: string): Promise<Slo | null>;
  /** Whether `id` is a file SLO (read-only). */
  isFileSlo(id: string): boolean;
  /** The status of one SLO at `now`. */
  status(slo: Slo, now: number): Promise<SloStatus>;
  /** Every SLO's status at `now` (what slo_burn rules read each tick). */
  statuses(now: number): Promise<SloStatus[]>;
}

/** Creates the registry over the store and the file's SLOs (already loaded). */
export function createSloRegistry(
  deps: SloStatusDeps & { store: SloStatusDeps["store"] & Pick<SloStore, "listSlos" | "getSlo"> },
  fileSlos: readonly Slo[],
): SloRegistry {
  const byId = new Map(fileSlos.map((slo) => [slo.id, slo]));
  const list = async () => [...fileSlos, ...(await deps.store.listSlos()).map(toSlo)];
  const status = (slo: Slo, now: number) => sloStatus(slo, deps, now);
  return {
    list,
    async get(id) {
      const fromFile = byId.get(id);
      if (fromFile) return fromFile;
      const record = await deps.store.getSlo(id);
      return record ? toSlo(record) : null;
    },
    isFileSlo: (id) => byId.has(id),
    status,
    async statuses(now) {
      const all = await list();
      // One at a time: each is a few indexed aggregate queries, and a tick must not flood the pool.
      const out: SloStatus[] = [];
      for (const slo of all) out.push(await status(slo, now));
      return out;
    },
  };
}

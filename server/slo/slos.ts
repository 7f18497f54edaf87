/**
 * The SLO service of one server: the file's SLOs (validated at start), the
 * stored ones, and this node's webhook acknowledgement sampler.
 */
import type { Slo } from "../../lib/slo";
import type { SloStore } from "../store/store";
import { createAckSampler, type AckReading } from "../telemetry/ack-sampler";
import { createBreakRunCache } from "./break-run-cache";
import { createSloRegistry, type SloRegistry } from "./slo-registry";

export { loadSloFile, SloFileError } from "./slo-registry";

/** What the SLO service needs. */
export interface SloServiceDeps {
  store: SloStore;
  /** The webhook acknowledgement histogram now (`Telemetry.ackReading`). */
  ackReading: () => Promise<AckReading>;
  /** The SLOs of `RUNWATCH_SLO_FILE` (see `loadSloFile`). */
  fileSlos: readonly Slo[];
  /** When this node started, ms: where its acknowledgement figures begin. */
  startedAt: number;
}

/** Creates the registry every SLO route and the slo_burn rule read. */
export function createSloService({ store, ackReading, fileSlos, startedAt }: SloServiceDeps): SloRegistry {
  return createSloRegistry(
    { store, acks: createAckSampler(ackReading, startedAt), breaks: createBreakRunCache(store) },
    fileSlos,
  );
}

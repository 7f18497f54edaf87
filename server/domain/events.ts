/**
 * Domain events: what happened to the data, told to whoever listens
 * (the broadcaster now; alert rules and metrics later). Domain and ingest code
 * emit here and never touch sockets.
 */
import { EventEmitter } from "node:events";
import type { Alert, AlertNotice } from "../../lib/alerts";
import type { Job } from "../../lib/job";
import type { PipelineRun } from "../../lib/run";
import type { Runner } from "../../lib/runner";
import type { DeliveryStats } from "../../lib/sources";
import type { Diagnosis } from "../../lib/stall";

/** Every domain event and its payload. */
export interface DomainEventMap {
  /** A job was created or changed in the store. `previous` is null for a new job. */
  "job.changed": [{ job: Job; previous: Job | null }];
  /** Queued jobs whose predicted start moved, each with its new `eta` (`server/queue-intel/eta-service.ts`). */
  "jobs.estimated": [{ jobs: Job[] }];
  /** A pipeline run was created or changed. */
  "run.changed": [{ run: PipelineRun; previous: PipelineRun | null }];
  /** A runner was first seen or changed state (including going offline by silence). */
  "runner.changed": [{ runner: Runner; previous: Runner | null }];
  /** A source's delivery counts changed. */
  "source.changed": [{ stats: DeliveryStats }];
  /** A key or a session was revoked: live connections opened with it must end. */
  "credential.revoked": [{ keyId?: string; sessionId?: string }];
  /**
   * A caller's teams changed: a key's (`keyId`), or, after a team change, possibly any
   * signed-in user's (`users`). Live connections it scoped must end (they reconnect with the new scope).
   */
  "scope.changed": [{ keyId?: string; users?: true }];
  /** An alert fired, reminded or resolved (`notice`); `alert` is as stored, its notifications queued. */
  "alert.fired": [{ alert: Alert; notice: AlertNotice }];
  /** The stall radar's diagnoses changed; every diagnosis now (see `server/metrics/stall-watch.ts`). */
  "diagnoses.changed": [{ diagnoses: Diagnosis[]; at: number }];
}

/** A typed event bus for domain events. */
export class DomainEvents extends EventEmitter<DomainEventMap> {}

/**
 * Runner pools of the simulation: a queue of jobs per pool, free slots, and
 * the pick-up delay before a free runner starts the next job. Self-hosted
 * slots can be long-lived agents that connect, occasionally disconnect while
 * idle and reconnect later (Buildkite `agent.*`); a disconnected slot takes
 * no work.
 */
import type { RunnerPool } from "./catalog";
import type { AgentSnapshot } from "./model";
import type { Random } from "../../lib/random";

/** What the pools need from the simulation around them. */
export interface PoolHost<J> {
  rng: Random;
  /** Real ms per nominal second (1000 / speed). */
  ms: number;
  now(): number;
  /** Schedules `fire` at `at` (ms). */
  at(at: number, fire: () => void): void;
  /** A runner of `pool` is free for `job` after its pick-up delay: start it. */
  start(job: J, slot: number): void;
  /** An agent connected or disconnected. */
  agent(action: "connected" | "disconnected", agent: AgentSnapshot): void;
}

interface Slot {
  online: boolean;
  busy: boolean;
  connectedAt: number;
  disconnectedAt: number | null;
}

interface PoolState<J> {
  spec: RunnerPool;
  slots: Slot[];
  free: number[];
  queue: J[];
}

/** Every pool of one catalog. */
export class Pools<J> {
  private readonly pools = new Map<string, PoolState<J>>();

  constructor(
    specs: Record<string, RunnerPool>,
    private readonly host: PoolHost<J>,
  ) {
    for (const spec of Object.values(specs)) {
      const slots = Array.from({ length: spec.size }, () => ({
        online: true,
        busy: false,
        connectedAt: 0,
        disconnectedAt: null,
      }));
      this.pools.set(spec.key, { spec, slots, free: slots.map((_, i) => i), queue: [] });
    }
  }

  /** Announces every self-hosted agent as connected (at the current time). */
  connectAll(): void {
    for (const pool of this.pools.values()) {
      if (pool.spec.hosted) continue;
      pool.slots.forEach((slot, index) => {
        slot.connectedAt = this.host.now();
        this.host.agent("connected", this.snapshot(pool, index));
      });
    }
  }

  /** Puts a job in its pool's queue and starts what can start. */
  enqueue(job: J, poolKey: string): void {
    const pool = this.pool(poolKey);
    pool.queue.push(job);
    this.dispatch(pool);
  }

  /** Takes a job out of its pool's queue (cancelled before a runner took it); true if it was queued. */
  dequeue(job: J, poolKey: string): boolean {
    const pool = this.pool(poolKey);
    const index = pool.queue.indexOf(job);
    if (index < 0) return false;
    pool.queue.splice(index, 1);
    return true;
  }

  /** Frees a slot and hands it the next queued job. */
  release(poolKey: string, slot: number): void {
    const pool = this.pool(poolKey);
    const state = pool.slots[slot];
    if (!state) return;
    state.busy = false;
    if (state.online) pool.free.push(slot);
    this.dispatch(pool);
  }

  /** Jobs waiting for a runner in a pool. */
  queued(poolKey: string): number {
    return this.pool(poolKey).queue.length;
  }

  /**
   * Disconnects one idle agent of a random self-hosted pool (an autoscaler
   * recycling it, a host reboot) and reconnects it after `downFor` ms.
   * Returns the agent's name, or null when every agent is busy or offline.
   */
  cycleAgent(downFor: number): string | null {
    const candidates = [...this.pools.values()].filter(
      (p) => !p.spec.hosted && p.free.length > 0 && p.slots.filter((s) => s.online).length > 1,
    );
    if (candidates.length === 0) return null;
    const pool = this.host.rng.pick(candidates);
    const slot = this.host.rng.pick(pool.free);
    pool.free.splice(pool.free.indexOf(slot), 1);
    const state = pool.slots[slot]!;
    state.online = false;
    state.disconnectedAt = this.host.now();
    this.host.agent("disconnected", this.snapshot(pool, slot));
    this.host.at(this.host.now() + downFor, () => {
      state.online = true;
      state.connectedAt = this.host.now();
      state.disconnectedAt = null;
      this.host.agent("connected", this.snapshot(pool, slot));
      if (!state.busy) pool.free.push(slot);
      this.dispatch(pool);
    });
    return pool.spec.runnerName(slot);
  }

  private dispatch(pool: PoolState<J>): void {
    const { spec } = pool;
    while (pool.free.length > 0 && pool.queue.length > 0) {
      const job = pool.queue.shift()!;
      const slot = pool.free.shift()!;
      pool.slots[slot]!.busy = true;
      const delay = this.host.rng.between(spec.pickup[0], spec.pickup[1]) * this.host.ms;
      this.host.at(this.host.now() + delay, () => this.host.start(job, slot));
    }
  }

  private snapshot(pool: PoolState<J>, slot: number): AgentSnapshot {
    const state = pool.slots[slot]!;
    return {
      id: pool.spec.groupId * 1000 + slot + 1,
      name: pool.spec.runnerName(slot),
      pool: pool.spec.key,
      labels: [...pool.spec.labels],
      state: state.online ? "connected" : "disconnected",
      connectedAt: state.connectedAt,
      disconnectedAt: state.disconnectedAt,
    };
  }

  private pool(key: string): PoolState<J> {
    const pool = this.pools.get(key);
    if (!pool) throw new Error(`unknown runner pool ${key}`);
    return pool;
  }
}

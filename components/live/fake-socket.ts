/** Test helper: a stand-in for Socket.IO's client socket (`on`/`off`/`connected`/`recovered`), emitting on demand. Not used by the app. */
import type { LiveSocket } from "./live-events";

/** A {@link LiveSocket} whose events the test emits itself. */
export class FakeSocket implements LiveSocket {
  connected = false;
  recovered = false;
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  on(event: string, listener: (payload: unknown) => void): this {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener);
    return this;
  }

  off(event: string, listener: (payload: unknown) => void): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  /** Delivers `payload` to the listeners of `event`. */
  emit(event: string, payload?: unknown): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(payload);
  }

  /** How many listeners are attached, over all events. */
  listenerCount(): number {
    return [...this.listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }
}

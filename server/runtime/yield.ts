/**
 * Letting the event loop turn. Every store call is synchronous under the
 * hood (better-sqlite3), and a chain of awaited promises never yields to
 * timers or sockets: long background work (roll-up rebuilds, retention, the
 * watchdog, alert evaluation) awaits this between its steps so webhooks and
 * live updates due meanwhile go first.
 */

/** Resolves on the event loop's next check phase, after the I/O and timers already due. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

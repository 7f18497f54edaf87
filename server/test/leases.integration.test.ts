/**
 * Two real servers over one database with shared leases and one manual
 * clock: on SQLite one database file (leases shared by option), on PostgreSQL
 * one database and a data folder each (leases shared by default there). The
 * first to start holds the leases, so only its watchdog flags a silent job
 * lost; when it shuts down it releases them, and the other node's next
 * renewal takes them all.
 */
import { afterEach, expect, it } from "vitest";
import { manualClock } from "../domain/clock";
import { LEASE_NAMES } from "../leases/leases";
import { describeEachEngine } from "./engines/stores";
import { fixtureJson, postGithub, startTestServer, type TestServer } from "./helpers";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachEngine("two nodes sharing a database", (engine) => {
  it("run the watchdog on the lease holder only, and hand it over when the holder stops", async () => {
    const database = await engine.create();
    cleanups.push(() => database.remove());
    const clock = manualClock(Date.now());
    const node = async () => {
      const server =
        database.databaseUrl === null
          ? await startTestServer({ dataDir: database.dataDir, clock, leases: { shared: true } })
          : await startTestServer({ env: database.env, clock });
      let open = true;
      cleanups.push(() => (open ? server.close() : undefined));
      return { server, close: () => ((open = false), server.close()) };
    };
    const a = await node();
    const b = await node();
    const holder: TestServer = a.server;
    const waiter: TestServer = b.server;
    expect(LEASE_NAMES.map((name) => [holder.leases.held(name), waiter.leases.held(name)])).toEqual(
      LEASE_NAMES.map(() => [true, false]),
    );

    const body = fixtureJson<{ workflow_job: Record<string, unknown> }>("github/workflow_job.queued.1.json");
    Object.assign(body.workflow_job, { id: 93_000_001, run_id: 93_000_001 });
    expect((await postGithub(waiter.url, JSON.stringify(body))).status).toBe(202);
    // Silent past the lost-job limit (6 h); the holder renews its leases meanwhile, the other still waits.
    clock.advance(361 * 60_000);
    expect(await holder.leases.renew()).toEqual([...LEASE_NAMES]);
    expect(await waiter.leases.renew()).toEqual([]);

    const lost = async () => (await waiter.store.getJob("github:93000001"))?.lost === true;
    waiter.watchdog.start(50);
    await sleep(300);
    expect(await lost()).toBe(false);
    holder.watchdog.start(50);
    for (let i = 0; i < 40 && !(await lost()); i += 1) await sleep(50);
    expect(await lost()).toBe(true);

    // The holder shuts down: its leases are released, and the other node takes them without waiting.
    await a.close();
    expect(await waiter.leases.renew()).toEqual([...LEASE_NAMES]);
    expect(waiter.leases.held("watchdog")).toBe(true);
  }, 30_000);
});

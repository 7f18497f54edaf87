/**
 * N identical nodes, proven with two real Runwatch processes (the server in a
 * child process each, `nodes.ts`) sharing one PostgreSQL database, one Redis
 * and one audit key, and nothing else: a webhook posted to one reaches a
 * dashboard on the other; one delivery posted to both at once is stored and
 * counted once; a dashboard whose node is SIGKILLed recovers what it missed
 * from the other node, by the rooms of its filter. Bursts under SIGKILL and
 * SIGTERM: `nodes-bursts.integration.test.ts`; engine restarts:
 * `nodes-restarts.integration.test.ts`. Skipped, with the reason printed,
 * without PostgreSQL or Redis binaries; under CI=true their absence fails the run.
 */
import { io as connect } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { adminHeaders, ADMIN_TOKEN, postGithub } from "./helpers";
import { connectAdmin, nextUpdate, type TestClient } from "./live-updates";
import { once, portOf, skipNodeTests, useNodePair } from "./node-pair";
import { deliver, queuedJob } from "./nodes";
import { startTcpProxy } from "./tcp-proxy";

describe.skipIf(skipNodeTests("the two-process node tests"))(
  "two Runwatch processes on one PostgreSQL and one Redis",
  () => {
    const { start, clients, cleanups } = useNodePair();

    it("pushes a webhook posted to one node to a dashboard on the other, and stores a delivery posted to both once", async () => {
      const [a, b] = await start();
      const onB = await connectAdmin(b.url, clients);
      const seen = nextUpdate(onB, "jobs:updated", (job) => job.id === "github:9170001", 10_000);
      expect(await deliver(a.url, queuedJob(9170001))).toBe(202);
      const pushed = await seen;
      expect(pushed.status).toBe("queued");
      const read = await fetch(`${b.url}/api/v1/jobs/github:9170001`, { headers: adminHeaders });
      // The push may go out before the job's pool has an ETA worked out; the API works it out first.
      const { eta: _pushedEta, ...pushedJob } = pushed;
      const { eta: _readEta, ...readJob } = (await read.json()) as typeof pushed;
      expect(readJob).toEqual(pushedJob);

      // The same delivery (same X-GitHub-Delivery) to both nodes at the same moment.
      const body = queuedJob(9170002);
      const answers = await Promise.all([
        postGithub(a.url, body, { delivery: "nodes-both" }),
        postGithub(b.url, body, { delivery: "nodes-both" }),
      ]);
      expect(answers.map((r) => r.status)).toEqual([202, 202]);
      const duplicates = await Promise.all(
        answers.map(async (r) => ((await r.json()) as { duplicate: boolean }).duplicate),
      );
      expect(duplicates.sort()).toEqual([false, true]);
      const sources = await fetch(`${a.url}/api/v1/sources`, { headers: adminHeaders });
      const { items } = (await sources.json()) as {
        items: { source: string; counts: Record<string, number> }[];
      };
      // Three posts so far (9170001, nodes-both twice): two stored, the second nodes-both a duplicate.
      expect(items.find((s) => s.source === "github")?.counts).toEqual({
        accepted: 2,
        duplicate: 1,
        ignored: 0,
        rejected: 0,
        invalid: 0,
      });
    }, 120_000);

    it("replays to a dashboard whose node was SIGKILLed what it missed, once it reaches another node, twice", async () => {
      const [a, b, third] = await start({}, 3);
      const c = third!;
      // The load balancer sends the dashboard to A.
      const proxy = await startTcpProxy(portOf(a.url));
      cleanups.push(() => proxy.close());
      const dashboard: TestClient = connect(proxy.url, {
        transports: ["websocket"],
        forceNew: true,
        auth: { token: ADMIN_TOKEN },
        reconnectionDelay: 200,
        reconnectionDelayMax: 500,
      });
      clients.push(dashboard);
      await once(dashboard, "connect");
      expect(dashboard.recovered).toBe(false);
      // Narrowed to one repository: the session saved on A must hold the rooms of this filter.
      expect(await dashboard.emitWithAck("subscribe", { repos: ["Codertocat/Hello-World"] })).toEqual({
        ok: true,
      });
      // Recovery resumes from the last event received: receive one first (it crossed from B).
      const first = nextUpdate(dashboard, "jobs:updated", (job) => job.id === "github:9170011", 10_000);
      expect(await deliver(b.url, queuedJob(9170011))).toBe(202);
      await first;

      // A dies without a word; the balancer has no node for the dashboard for now.
      proxy.route(null);
      const dropped = once(dashboard, "disconnect");
      await a.kill();
      await dropped;

      // Meanwhile a job changes on B (a dashboard there sees it, so it is in the shared stream).
      const watcher = await connectAdmin(b.url, clients);
      const replayed: string[] = [];
      dashboard.on("jobs:updated", ({ jobs }) => replayed.push(...jobs.map((job) => job.id)));
      const missed = nextUpdate(dashboard, "jobs:updated", (job) => job.id === "github:9170012", 20_000);
      const outside = nextUpdate(watcher, "jobs:updated", (job) => job.id === "github:9170013", 10_000);
      const live = nextUpdate(watcher, "jobs:updated", (job) => job.id === "github:9170012", 10_000);
      // First a job of another repository (outside the filter), then one inside it.
      expect(await deliver(b.url, queuedJob(9170013, "Codertocat/Elsewhere"))).toBe(202);
      await outside;
      expect(await deliver(b.url, queuedJob(9170012))).toBe(202);
      await live;

      proxy.route(portOf(b.url));
      await once(dashboard, "connect");
      expect(dashboard.recovered).toBe(true);
      expect((await missed).status).toBe("queued");
      // Replayed in order, by the rooms of its filter: the other repository's job was not for it.
      expect(replayed).toEqual(["github:9170012"]);

      // A recovered session is saved too: B dies in turn, and C takes the dashboard over.
      proxy.route(null);
      const droppedAgain = once(dashboard, "disconnect");
      await b.kill();
      await droppedAgain;
      const watcherOnC = await connectAdmin(c.url, clients);
      const missedAgain = nextUpdate(dashboard, "jobs:updated", (job) => job.id === "github:9170014", 20_000);
      const liveOnC = nextUpdate(watcherOnC, "jobs:updated", (job) => job.id === "github:9170014", 10_000);
      expect(await deliver(c.url, queuedJob(9170014))).toBe(202);
      await liveOnC;
      proxy.route(portOf(c.url));
      await once(dashboard, "connect");
      expect(dashboard.recovered).toBe(true);
      expect((await missedAgain).status).toBe("queued");
    }, 120_000);
  },
);

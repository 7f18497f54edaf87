import { QueryClient } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DELIVERY_OUTCOMES } from "@/lib/sources";
import { makeJob } from "@/lib/test-jobs";
import { FakeSocket } from "./fake-socket";
import { patchQueryData, startLiveQuery, type LiveQuerySpec } from "./live-query";

/** A source of stats changes keyed by source, as `use-live-sources` builds them. */
function statsSpec(applied: string[][]): LiveQuerySpec<string> {
  return {
    rootKey: ["things"],
    changes: {
      "sources:updated": ({ sources }) =>
        sources.flatMap((stats) =>
          stats.lastDeliveryAt
            ? [
                {
                  key: stats.source,
                  change: `${stats.source}@t${new Date(stats.lastDeliveryAt).getUTCSeconds()}`,
                },
              ]
            : [],
        ),
    },
    apply: (changes) => applied.push(changes),
    remember: { ttlMs: 30_000, max: 10 },
  };
}

/** A source's stats; `t<n>` stands for the delivery at second n. */
const stats = (source: string, at: `t${number}`) => ({
  source,
  counts: Object.fromEntries(DELIVERY_OUTCOMES.map((outcome) => [outcome, 0])),
  lastDeliveryAt: `2026-01-01T00:00:0${at.slice(1)}.000Z`,
  lastAcceptedAt: null,
  lastRefusedAt: null,
});

/** A valid `sources:updated` payload carrying one source's stats. */
const sourceUpdated = (source: string, at: `t${number}`) => ({ version: 1, sources: [stats(source, at)] });

describe("startLiveQuery", () => {
  let queryClient: QueryClient;
  let socket: FakeSocket;

  beforeEach(() => {
    vi.useFakeTimers();
    // Node has no animation frames; a frame here is a 16 ms timer (faked above).
    vi.stubGlobal("requestAnimationFrame", (run: () => void) => setTimeout(run, 16));
    vi.stubGlobal("cancelAnimationFrame", (id: ReturnType<typeof setTimeout>) => clearTimeout(id));
    queryClient = new QueryClient();
    socket = new FakeSocket();
  });

  afterEach(() => {
    queryClient.clear();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("applies a burst as one batch, the last change per key, in arrival order", () => {
    const applied: string[][] = [];
    startLiveQuery(queryClient, socket, statsSpec(applied));
    socket.emit("sources:updated", sourceUpdated("github", "t1"));
    socket.emit("sources:updated", { version: 1, sources: [stats("gitlab", "t2"), stats("jenkins", "t3")] });
    socket.emit("sources:updated", sourceUpdated("github", "t4"));
    expect(applied).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(applied).toEqual([["gitlab@t2", "jenkins@t3", "github@t4"]]);
  });

  it("ignores payloads the parser drops and changes the spec declines", () => {
    const applied: string[][] = [];
    startLiveQuery(queryClient, socket, statsSpec(applied));
    socket.emit("sources:updated", { ...sourceUpdated("github", "t1"), version: 2 });
    socket.emit("sources:updated", { version: 1, sources: [{}] });
    socket.emit("sources:updated", { version: 1, sources: [] });
    socket.emit("sources:updated", {
      version: 1,
      sources: [{ ...stats("github", "t1"), lastDeliveryAt: null }],
    });
    socket.emit("sources:updated", "garbage");
    vi.advanceTimersByTime(200);
    expect(applied).toEqual([]);
  });

  it("re-applies remembered changes when a query under its root is fetched", async () => {
    const applied: string[][] = [];
    startLiveQuery(queryClient, socket, statsSpec(applied));
    socket.emit("sources:updated", sourceUpdated("github", "t1"));
    vi.advanceTimersByTime(200);
    await queryClient.fetchQuery({ queryKey: ["other"], queryFn: () => 1 });
    await queryClient.fetchQuery({ queryKey: ["things", "list"], queryFn: () => [] });
    await Promise.resolve();
    expect(applied).toEqual([["github@t1"], ["github@t1"]]);
  });

  it("forgets remembered changes after their time", async () => {
    const applied: string[][] = [];
    startLiveQuery(queryClient, socket, statsSpec(applied));
    socket.emit("sources:updated", sourceUpdated("github", "t1"));
    vi.advanceTimersByTime(30_001);
    await queryClient.fetchQuery({ queryKey: ["things", "list"], queryFn: () => [] });
    await Promise.resolve();
    expect(applied).toEqual([["github@t1"]]);
  });

  it("resyncs at once when already connected: the root's queries are invalidated", async () => {
    await queryClient.fetchQuery({ queryKey: ["things", "list"], queryFn: () => [] });
    await queryClient.fetchQuery({ queryKey: ["other"], queryFn: () => [] });
    socket.connected = true;
    let resyncs = 0;
    startLiveQuery(queryClient, socket, { ...statsSpec([]), onResync: () => resyncs++ });
    expect(resyncs).toBe(1);
    expect(queryClient.getQueryState(["things", "list"])?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(["other"])?.isInvalidated).toBe(false);
  });

  it("on a connect that lost events, drops the pending batch and what it remembered", async () => {
    const applied: string[][] = [];
    startLiveQuery(queryClient, socket, statsSpec(applied));
    socket.emit("sources:updated", sourceUpdated("github", "t1"));
    socket.emit("connect");
    vi.advanceTimersByTime(200);
    await queryClient.fetchQuery({ queryKey: ["things", "list"], queryFn: () => [] });
    await Promise.resolve();
    expect(applied).toEqual([]);
  });

  it("hands other events to `also`, unbatched, and stops everything on the returned function", async () => {
    const applied: string[][] = [];
    const jobs: string[] = [];
    let disposed = 0;
    const stop = startLiveQuery(queryClient, socket, {
      ...statsSpec(applied),
      also: { "jobs:updated": (payload) => jobs.push(...payload.jobs.map((job) => job.id)) },
      dispose: () => disposed++,
    });
    socket.emit("jobs:updated", { version: 1, jobs: [makeJob({ id: "github:1" })] });
    expect(jobs).toEqual(["github:1"]);
    socket.emit("sources:updated", sourceUpdated("github", "t1"));
    stop();
    expect(disposed).toBe(1);
    expect(socket.listenerCount()).toBe(0);
    vi.advanceTimersByTime(200);
    await queryClient.fetchQuery({ queryKey: ["things", "list"], queryFn: () => [] });
    await Promise.resolve();
    expect(applied).toEqual([]);
  });
});

describe("patchQueryData", () => {
  it("patches cached data, and leaves alone what is not cached or not changed", () => {
    const queryClient = new QueryClient();
    patchQueryData<number[]>(queryClient, ["list"], (list) => [...list, 1]);
    expect(queryClient.getQueryData(["list"])).toBeUndefined();

    const cached = [1, 2];
    queryClient.setQueryData(["list"], cached);
    let updates = 0;
    const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === "updated") updates++;
    });
    patchQueryData<number[]>(queryClient, ["list"], (list) => list);
    expect(updates).toBe(0);
    expect(queryClient.getQueryData(["list"])).toBe(cached);

    patchQueryData<number[]>(queryClient, ["list"], (list) => [...list, 3]);
    expect(updates).toBe(1);
    expect(queryClient.getQueryData(["list"])).toEqual([1, 2, 3]);
    unsubscribe();
    queryClient.clear();
  });
});

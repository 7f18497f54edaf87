import { describe, expect, it } from "vitest";
import { makeJob } from "@/lib/test-jobs";
import { FakeSocket } from "./fake-socket";
import { listenLive, parseLiveEvent } from "./live-events";

describe("parseLiveEvent", () => {
  it("passes a payload of the contract's version", () => {
    const payload = { version: 1, jobs: [makeJob({ id: "github:7" }), makeJob({ id: "github:8" })] };
    expect(parseLiveEvent("jobs:updated", payload)).toEqual(payload);
  });

  it("drops a payload one of whose jobs breaks the contract", () => {
    const job = { ...makeJob({ id: "github:7" }), status: "exploded" };
    expect(
      parseLiveEvent("jobs:updated", { version: 1, jobs: [makeJob({ id: "github:6" }), job] }),
    ).toBeNull();
  });

  it.each([
    ["another version", { version: 2, jobs: [] }],
    ["no version", { jobs: [] }],
    ["no jobs", { version: 1, jobs: [] }],
    ["one job, not in a list", { version: 1, jobs: makeJob({ id: "github:7" }) }],
    ["null", null],
    ["a string", "job"],
    ["nothing", undefined],
  ])("drops %s", (_name, payload) => {
    expect(parseLiveEvent("jobs:updated", payload)).toBeNull();
  });
});

describe("listenLive", () => {
  it("hands handlers only parsed payloads, and stops on the returned function", () => {
    const socket = new FakeSocket();
    const seen: string[] = [];
    const stop = listenLive(socket, {
      events: { "jobs:updated": ({ jobs }) => seen.push(...jobs.map((job) => job.id)) },
    });
    socket.emit("jobs:updated", { version: 1, jobs: [makeJob({ id: "github:1" })] });
    socket.emit("jobs:updated", { version: 9, jobs: [makeJob({ id: "github:2" })] });
    socket.emit("jobs:updated", null);
    expect(seen).toEqual(["github:1"]);
    stop();
    expect(socket.listenerCount()).toBe(0);
    socket.emit("jobs:updated", { version: 1, jobs: [makeJob({ id: "github:3" })] });
    expect(seen).toEqual(["github:1"]);
  });

  it("calls onMissed on a connect that did not recover, not on one that did", () => {
    const socket = new FakeSocket();
    let missed = 0;
    listenLive(socket, { events: {}, onMissed: () => missed++ });
    socket.recovered = true;
    socket.emit("connect");
    expect(missed).toBe(0);
    socket.recovered = false;
    socket.emit("connect");
    expect(missed).toBe(1);
  });

  it("with missedIfConnected, calls onMissed at once only when already connected", () => {
    const connected = new FakeSocket();
    connected.connected = true;
    const disconnected = new FakeSocket();
    let missed = 0;
    listenLive(connected, { events: {}, onMissed: () => missed++, missedIfConnected: true });
    expect(missed).toBe(1);
    listenLive(disconnected, { events: {}, onMissed: () => missed++, missedIfConnected: true });
    expect(missed).toBe(1);
    listenLive(connected, { events: {}, onMissed: () => missed++ });
    expect(missed).toBe(1);
  });
});

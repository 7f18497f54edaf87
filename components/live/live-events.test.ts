import { describe, expect, it } from "vitest";
import { makeJob } from "@/lib/test-jobs";
import { FakeSocket } from "./fake-socket";
import { listenLive, parseLiveEvent } from "./live-events";

describe("parseLiveEvent", () => {
  it("passes a payload of the contract's version", () => {
    const payload = { version: 1, job: makeJob({ id: "github:7" }) };
    expect(parseLiveEvent("job:updated", payload)).toEqual(payload);
  });

  it("drops a payload whose job breaks the contract", () => {
    const job = { ...makeJob({ id: "github:7" }), status: "exploded" };
    expect(parseLiveEvent("job:updated", { version: 1, job })).toBeNull();
  });

  it.each([
    ["another version", { version: 2, job: {} }],
    ["no version", { job: {} }],
    ["null", null],
    ["a string", "job"],
    ["nothing", undefined],
  ])("drops %s", (_name, payload) => {
    expect(parseLiveEvent("job:updated", payload)).toBeNull();
  });
});

describe("listenLive", () => {
  it("hands handlers only parsed payloads, and stops on the returned function", () => {
    const socket = new FakeSocket();
    const seen: string[] = [];
    const stop = listenLive(socket, {
      events: { "job:updated": ({ job }) => seen.push(job.id) },
    });
    socket.emit("job:updated", { version: 1, job: makeJob({ id: "github:1" }) });
    socket.emit("job:updated", { version: 9, job: makeJob({ id: "github:2" }) });
    socket.emit("job:updated", null);
    expect(seen).toEqual(["github:1"]);
    stop();
    expect(socket.listenerCount()).toBe(0);
    socket.emit("job:updated", { version: 1, job: makeJob({ id: "github:3" }) });
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

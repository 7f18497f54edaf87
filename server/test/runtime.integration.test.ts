/** `GET /api/v1/runtime` over real HTTP: read scope, and the figures' shape. */
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, adminHeaders, startTestServer, type TestServer } from "./helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("GET /api/v1/runtime", () => {
  it("needs a credential", async () => {
    const response = await fetch(`${server.url}/api/v1/runtime`);
    expect(response.status).toBe(401);
  });

  it("reports event-loop lag, memory and the live connections", async () => {
    const socket = connect(server.url, {
      transports: ["websocket"],
      forceNew: true,
      auth: { token: ADMIN_TOKEN },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    try {
      const response = await fetch(`${server.url}/api/v1/runtime`, { headers: adminHeaders });
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown> & { eventLoop: Record<string, number> };
      expect(Object.keys(body).sort()).toEqual(["eventLoop", "heapUsedBytes", "rssBytes", "sockets"]);
      expect(Object.keys(body.eventLoop).sort()).toEqual(["maxMs", "p50Ms", "p99Ms", "windowMs"]);
      expect(body.sockets).toBe(1);
      expect(body.rssBytes).toBeGreaterThan(body.heapUsedBytes as number);
      expect(body.eventLoop.p99Ms).toBeGreaterThanOrEqual(body.eventLoop.p50Ms ?? 0);
      expect(body.eventLoop.maxMs).toBeGreaterThanOrEqual(body.eventLoop.p99Ms ?? 0);
    } finally {
      socket.disconnect();
    }
  });
});

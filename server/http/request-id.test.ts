/**
 * Answers that bypass Fastify's reply (dashboard pages hijack it and let Next
 * write the raw response) still carry the request id and HSTS: a real Fastify
 * on a spare port with a hijacked route, as `dashboard.ts` has.
 */
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { installRequestIdHeader, requestIdOf } from "./request-id";
import { HSTS, installSecurityHeaders } from "./security-headers";

let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  app = Fastify({ requestIdHeader: false, genReqId: requestIdOf });
  installRequestIdHeader(app);
  installSecurityHeaders(app, { hsts: true });
  app.get("/page", (_request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { "content-type": "text/html" });
    reply.raw.end("<p>page</p>");
  });
  url = await app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(() => app.close());

it("puts the request id and HSTS on a hijacked answer", async () => {
  const response = await fetch(`${url}/page`, { headers: { "x-request-id": "page-trace-1" } });
  expect(response.status).toBe(200);
  expect(await response.text()).toBe("<p>page</p>");
  expect(response.headers.get("x-request-id")).toBe("page-trace-1");
  expect(response.headers.get("strict-transport-security")).toBe(HSTS);
});

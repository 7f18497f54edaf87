/**
 * The OpenAPI document over real HTTP: it is public, parses, is OpenAPI 3.1,
 * documents every registered route (and nothing else) with its access level,
 * every reference resolves, and the generic endpoint's body is the JSON
 * Schema of `genericDeliverySchema`.
 */
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { genericDeliverySchema } from "../../lib/generic";
import { startTestServer, type TestServer } from "./helpers";

type Json = { [key: string]: unknown };

interface Operation extends Json {
  "x-runwatch-access": string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: Json; example?: unknown }> };
  responses: Record<string, Json>;
}

interface Document extends Json {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}

let server: TestServer;
let document: Document;

beforeAll(async () => {
  server = await startTestServer();
  // Anonymous on purpose: the document is public.
  const response = await fetch(`${server.url}/api/v1/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  document = JSON.parse(await response.text()) as Document;
});
afterAll(() => server.close());

/** `/api/v1/jobs/:id` → `/api/v1/jobs/{id}`. */
const templated = (url: string) => url.replace(/:(\w+)/g, "{$1}");

/** The value a local `$ref` (`#/components/…`) points at, or undefined. */
function resolve(pointer: string): unknown {
  return pointer
    .slice(2)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], document);
}

/** Every `$ref` anywhere in a value. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === "$ref" && typeof child === "string" ? [child] : refs(child),
  );
}

const deref = (schema: Json): Json =>
  typeof schema.$ref === "string" ? (resolve(schema.$ref) as Json) : schema;

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document", () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
  });

  it("documents every registered route with its method and access level", () => {
    // The dashboard's catch-all (`GET /*`, access "page") serves pages, not API.
    const routes = server.routes.filter((r) => r.access !== "page" && r.method !== "OPTIONS");
    expect(routes.length).toBeGreaterThan(15);
    const missing = routes
      .filter((r) => document.paths[templated(r.url)]?.[r.method.toLowerCase()] === undefined)
      .map((r) => `${r.method} ${r.url}`);
    expect(missing, "routes missing from the OpenAPI document").toEqual([]);
    for (const route of routes) {
      const operation = document.paths[templated(route.url)]?.[route.method.toLowerCase()];
      expect(operation?.["x-runwatch-access"], `${route.method} ${route.url}`).toBe(route.access);
    }
  });

  it("documents no route the server does not have", () => {
    const registered = new Set(server.routes.map((r) => `${r.method} ${templated(r.url)}`));
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.filter((op) => !registered.has(op))).toEqual([]);
  });

  it("resolves every reference and declares every path parameter", () => {
    const broken = refs(document).filter((ref) => !ref.startsWith("#/") || resolve(ref) === undefined);
    expect(broken).toEqual([]);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const operation of Object.values(item)) {
        const declared = (operation.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
        const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(declared.sort(), path).toEqual(inPath.sort());
      }
    }
  });

  it("describes each webhook's answers and credentials", () => {
    const webhooks = server.routes.filter((r) => r.access === "webhook");
    expect(webhooks.length).toBeGreaterThanOrEqual(3);
    const schemes = document.components as unknown as { securitySchemes: Record<string, Json> };
    for (const route of webhooks) {
      const operation = document.paths[route.url]?.post;
      expect(Object.keys(operation?.responses ?? {}), route.url).toEqual(
        expect.arrayContaining(["202", "400", "401", "413", "415", "429", "503"]),
      );
      const security = (operation?.security ?? []) as Record<string, string[]>[];
      expect(security.length, route.url).toBeGreaterThan(0);
      for (const requirement of security) {
        for (const name of Object.keys(requirement))
          expect(schemes.securitySchemes[name], name).toBeDefined();
      }
    }
    expect(schemes.securitySchemes.genericSignature).toMatchObject({
      in: "header",
      name: "X-Runwatch-Signature-256",
    });
  });

  it("gives the generic endpoint the JSON Schema of genericDeliverySchema, with a valid example", () => {
    const body = document.paths["/api/v1/webhooks/generic"]?.post?.requestBody?.content["application/json"];
    expect(body).toBeDefined();
    const schema = deref(body?.schema ?? {});
    const { $schema: _dialect, ...expected } = z.toJSONSchema(genericDeliverySchema, { io: "input" });
    expect(schema).toMatchObject(expected);
    expect(schema.required).toEqual(expect.arrayContaining(["version", "job"]));
    const job = (schema.properties as Record<string, Json>).job as Json;
    expect(job.required).toEqual(expect.arrayContaining(["id", "repo", "name", "status"]));
    expect(genericDeliverySchema.safeParse(body?.example).success).toBe(true);
  });
});

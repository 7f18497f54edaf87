/**
 * The import graph of server/ and lib/ (production files, read with
 * TypeScript's own `preProcessFile`) keeps the layers of
 * server/architecture.json: every file belongs to a layer, every import points
 * down or within its layer, and no files and no units (folders) import each
 * other in a cycle. Each failure lists the offending edges or cycles.
 * eslint.config.js enforces the same table file by file; this test also sees
 * cycles, which a per-file lint cannot.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import architecture from "./architecture.json";

const ROOT = path.resolve(import.meta.dirname, "..");
const SOURCE = /\.tsx?$/;
/** Test code may compose any layers; it is left out of the graph. */
const isTestCode = (file: string) => /\.test(-[\w-]+)?\.tsx?$/.test(file) || file.startsWith("server/test/");

/** Every production source file under `dir`, relative to the repository root with `/`. */
function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .map((entry) => `${dir}/${entry.split(path.sep).join("/")}`)
    .filter((file) => SOURCE.test(file) && !isTestCode(file))
    .sort();
}

/** The file a relative or `@/` specifier names, or undefined for a package or a missing file. */
function resolveImport(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.posix.join(path.posix.dirname(from), specifier);
  else return undefined;
  const stem = base.replace(/\.(?:js|mjs|ts|tsx)$/, "");
  return [base, `${stem}.ts`, `${stem}.tsx`, `${stem}/index.ts`, `${stem}/index.tsx`].find(
    (candidate) => SOURCE.test(candidate) && fs.existsSync(path.join(ROOT, candidate)),
  );
}

/** One layer unit: a folder such as `server/store`, or a file such as `server/app.ts`. */
interface Unit {
  unit: string;
  layer: string;
  rank: number;
}

const UNITS: Unit[] = architecture.layers.flatMap((layer, rank) =>
  layer.units.map((unit) => ({ unit, layer: layer.name, rank })),
);

/** The unit a file belongs to, or undefined when no layer claims it. */
const unitOf = (file: string): Unit | undefined =>
  UNITS.find(({ unit }) => file === unit || file.startsWith(`${unit}/`));

const FILES = [...sourceFiles("lib"), ...sourceFiles("server")];
/** Every import between our production files, type-only and dynamic ones included. */
const EDGES: { from: string; to: string }[] = FILES.flatMap((from) =>
  ts
    .preProcessFile(fs.readFileSync(path.join(ROOT, from), "utf8"), true, true)
    .importedFiles.map(({ fileName }) => resolveImport(from, fileName))
    .filter((to): to is string => to !== undefined && !isTestCode(to) && FILES.includes(to))
    .map((to) => ({ from, to })),
);

/**
 * Every cycle of a directed graph, one per strongly connected component, as
 * `a → b → a`, followed by the component's other members when it has more.
 */
function cycles(edges: { from: string; to: string }[]): string[] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (stack.includes(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        component.push(member);
      } while (member !== node);
      components.push(component);
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return components
    .filter((component) => component.length > 1 || next.get(component[0]!)?.includes(component[0]!))
    .map((component) => {
      // The shortest way back to the component's first node, found breadth first inside it.
      const start = [...component].sort()[0]!;
      const paths = new Map<string, string[]>([[start, [start]]]);
      const queue = [start];
      while (queue.length > 0) {
        const node = queue.shift()!;
        for (const target of next.get(node) ?? []) {
          if (target === start) {
            const cycle = [...paths.get(node)!, start];
            const others = component.filter((member) => !cycle.includes(member)).sort();
            return cycle.join(" → ") + (others.length > 0 ? ` (and through ${others.join(", ")})` : "");
          }
          if (component.includes(target) && !paths.has(target)) {
            paths.set(target, [...paths.get(node)!, target]);
            queue.push(target);
          }
        }
      }
      return component.join(" ↔ ");
    })
    .sort();
}

describe("architecture of server/ and lib/", () => {
  it("reads the import graph (a known edge is in it)", () => {
    expect(EDGES).toContainEqual({ from: "server/main.ts", to: "server/app.ts" });
    expect(EDGES).toContainEqual({ from: "server/app.ts", to: "server/http/openapi.ts" });
  });

  it("places every production file in a layer of server/architecture.json", () => {
    expect(FILES.filter((file) => unitOf(file) === undefined)).toEqual([]);
  });

  it("has no import pointing up a layer", () => {
    const upward = EDGES.flatMap(({ from, to }) => {
      const source = unitOf(from);
      const target = unitOf(to);
      if (!source || !target || target.rank <= source.rank) return [];
      return [`${from} → ${to} (${source.layer} may not import ${target.layer})`];
    });
    expect(upward).toEqual([]);
  });

  it("has no import cycle between files", () => {
    expect(cycles(EDGES)).toEqual([]);
  });

  it("has no import cycle between units (folders such as server/alerts ↔ server/ingest)", () => {
    const unitEdges = EDGES.map(({ from, to }) => ({
      from: unitOf(from)?.unit ?? from,
      to: unitOf(to)?.unit ?? to,
    }));
    expect(cycles(unitEdges.filter(({ from, to }) => from !== to))).toEqual([]);
  });

  it("finds a cycle and its path when there is one (the checker itself)", () => {
    const edges = [
      { from: "a", to: "b" },
      { from: "b", to: "c" },
      { from: "c", to: "a" },
      { from: "c", to: "d" },
      { from: "e", to: "e" },
    ];
    expect(cycles(edges)).toEqual(["a → b → c → a", "e → e"]);
    expect(cycles([...edges, { from: "b", to: "f" }, { from: "f", to: "a" }])).toEqual([
      "a → b → c → a (and through f)",
      "e → e",
    ]);
  });
});

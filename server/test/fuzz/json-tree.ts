/**
 * A JSON tree that can hold what JS objects cannot (duplicate keys, raw number text),
 * and the places in it a mutation can overwrite.
 */
export type Node =
  | { kind: "object"; entries: [string, Node][] }
  | { kind: "array"; items: Node[] }
  | { kind: "scalar"; type: "string" | "number" | "bool" | "null"; text: string }
  /** Pre-serialised JSON (deep nesting: kept flat so the fuzzer itself does not recurse 10,000 deep). */
  | { kind: "raw"; type: "array" | "object"; text: string };

export const str = (s: string): Node => ({ kind: "scalar", type: "string", text: JSON.stringify(s) });
export const num = (text: string): Node => ({ kind: "scalar", type: "number", text });

export function toNode(value: unknown): Node {
  if (value === null) return { kind: "scalar", type: "null", text: "null" };
  if (Array.isArray(value)) return { kind: "array", items: value.map(toNode) };
  if (typeof value === "object") {
    return { kind: "object", entries: Object.entries(value).map(([k, v]) => [k, toNode(v)]) };
  }
  if (typeof value === "string") return str(value);
  if (typeof value === "number") return num(String(value));
  return { kind: "scalar", type: "bool", text: String(value) };
}

export function serialise(node: Node): string {
  switch (node.kind) {
    case "scalar":
    case "raw":
      return node.text;
    case "array":
      return `[${node.items.map(serialise).join(",")}]`;
    case "object":
      return `{${node.entries.map(([k, v]) => `${JSON.stringify(k)}:${serialise(v)}`).join(",")}}`;
  }
}

export const typeOf = (node: Node) => (node.kind === "scalar" || node.kind === "raw" ? node.type : node.kind);

/** A place in the tree a mutation can overwrite. */
export interface Slot {
  node: Node;
  depth: number;
  path: string;
  set(next: Node): void;
  /** Removes the slot (object entry or array item). */
  remove(): void;
}

function collectSlots(node: Node, path: string, depth: number, out: Slot[]): void {
  if (node.kind === "object") {
    for (const entry of node.entries) {
      const here = `${path}.${entry[0]}`;
      out.push({
        node: entry[1],
        depth,
        path: here,
        set: (next) => (entry[1] = next),
        remove: () => node.entries.splice(node.entries.indexOf(entry), 1),
      });
      collectSlots(entry[1], here, depth + 1, out);
    }
  } else if (node.kind === "array") {
    node.items.forEach((item, index) => {
      const here = `${path}[${index}]`;
      out.push({
        node: item,
        depth,
        path: here,
        set: (next) => (node.items[node.items.indexOf(item)] = next),
        remove: () => node.items.splice(node.items.indexOf(item), 1),
      });
      collectSlots(item, here, depth + 1, out);
    });
  }
}

export function collectObjects(node: Node, out: Extract<Node, { kind: "object" }>[]): void {
  if (node.kind === "object") out.push(node);
  const children =
    node.kind === "object" ? node.entries.map((e) => e[1]) : node.kind === "array" ? node.items : [];
  for (const child of children) collectObjects(child, out);
}

/** Slots under `workflow_job` and `repository` (or, for other events, under every top-level object). */
export function targetSlots(root: Node): Slot[] {
  const all: Slot[] = [];
  if (root.kind !== "object") return all;
  const preferred = root.entries.filter(([k]) => k === "workflow_job" || k === "repository");
  const regions = preferred.length > 0 ? preferred : root.entries;
  for (const entry of regions) {
    all.push({
      node: entry[1],
      depth: 0,
      path: entry[0],
      set: (next) => (entry[1] = next),
      remove: () => root.entries.splice(root.entries.indexOf(entry), 1),
    });
    collectSlots(entry[1], entry[0], 1, all);
  }
  return all;
}

/** The node at a path of object keys (the first entry of a duplicated key), or undefined. */
export const get = (node: Node | undefined, ...keys: string[]): Node | undefined =>
  keys.reduce<Node | undefined>(
    (at, key) => (at?.kind === "object" ? at.entries.find(([k]) => k === key)?.[1] : undefined),
    node,
  );
/** Removes the field at a dotted path (every entry of that name, duplicates included). */
export function remove(root: Node, dotted: string): void {
  const keys = dotted.split(".");
  const parent = get(root, ...keys.slice(0, -1));
  if (parent?.kind === "object") parent.entries = parent.entries.filter(([k]) => k !== keys.at(-1));
}
/** Sets (or adds) `key` of an object node. */
export function put(node: Node | undefined, key: string, value: Node): void {
  if (node?.kind !== "object") return;
  const entry = node.entries.find(([k]) => k === key);
  if (entry) entry[1] = value;
  else node.entries.push([key, value]);
}
/** The value of a string scalar, or null. */
export const text = (node: Node | undefined) =>
  node?.kind === "scalar" && node.type === "string" ? (JSON.parse(node.text) as string) : null;
/** The text of a number scalar, or null. */
export const numberOf = (node: Node | undefined) =>
  node?.kind === "scalar" && node.type === "number" ? node.text : null;
export const items = (node: Node | undefined) => (node?.kind === "array" ? node.items : []);

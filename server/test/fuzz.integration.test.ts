/**
 * Bad input (issue 3): thousands of mutated real GitHub deliveries at the
 * webhook endpoint and random credentials, cookies and query strings at the
 * API, over real HTTP against the real server and a real SQLite file.
 *
 * Properties: no answer is a 5xx, every error answer is `{ error: { code, message } }`,
 * nothing without a valid credential gets past a non-public route, the process
 * stays up, and every job stored afterwards is a valid `Job`.
 *
 * Mutations come from a seeded PRNG: a failure prints the seed, and
 * `FUZZ_SEED=<seed> npx vitest run server/test/fuzz.integration.test.ts`
 * replays the same requests (only their interleaving differs).
 */
import { createHmac, randomInt } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { z } from "zod";
import { isTerminal, JOB_STATUSES, type Job, type JobStatus } from "../../lib/job";
import { normaliseWorkflowJob } from "../ingest/github";
import {
  ADMIN_TOKEN,
  fixture,
  fixtureNames,
  GITHUB_SECRET,
  githubSignature,
  postGithub,
  startTestServer,
  type TestServer,
} from "./helpers";

const SEED = Number(process.env.FUZZ_SEED ?? randomInt(2 ** 31));
const WEBHOOK_CASES = Number(process.env.FUZZ_WEBHOOK_CASES ?? 10_000);
const API_CASES = Number(process.env.FUZZ_API_CASES ?? 2_400);
const RACE_CASES = 200;
const CONCURRENCY = 16;
const BODY_LIMIT = 1024 * 1024; // RUNWATCH_BODY_LIMIT default: 1 MiB
const RACE_JOB_ID = 777_000_777;

// ── Seeded randomness ────────────────────────────────────────────────────────

/** mulberry32: small, fast, good enough to drive a fuzzer, and reproducible. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[this.int(0, items.length - 1)] as T;
  }
  /** Picks a key by weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][];
    let roll = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(0, 255);
    return out;
  }
  /** Random string over an alphabet. */
  text(n: number, alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"): string {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }
  /** A header-safe but otherwise arbitrary latin1 string (no CTLs: fetch or llhttp would refuse them). */
  headerBytes(n: number): string {
    let out = "";
    for (let i = 0; i < n; i++) {
      const c = this.chance(0.8) ? this.int(0x21, 0x7e) : this.int(0x80, 0xff);
      out += String.fromCharCode(c);
    }
    return out;
  }
  uuid(): string {
    const hex = this.text(32, "0123456789abcdef");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

/** UTF-8 bytes of `text` as a latin1 string, so fetch sends them raw in a header. */
const rawUtf8 = (text: string) => Buffer.from(text, "utf8").toString("latin1");

// ── A JSON tree that can hold what JS objects cannot (duplicate keys, raw number text) ──

type Node =
  | { kind: "object"; entries: [string, Node][] }
  | { kind: "array"; items: Node[] }
  | { kind: "scalar"; type: "string" | "number" | "bool" | "null"; text: string }
  /** Pre-serialised JSON (deep nesting: kept flat so the fuzzer itself does not recurse 10,000 deep). */
  | { kind: "raw"; type: "array" | "object"; text: string };

const str = (s: string): Node => ({ kind: "scalar", type: "string", text: JSON.stringify(s) });
const num = (text: string): Node => ({ kind: "scalar", type: "number", text });

function toNode(value: unknown): Node {
  if (value === null) return { kind: "scalar", type: "null", text: "null" };
  if (Array.isArray(value)) return { kind: "array", items: value.map(toNode) };
  if (typeof value === "object") {
    return { kind: "object", entries: Object.entries(value).map(([k, v]) => [k, toNode(v)]) };
  }
  if (typeof value === "string") return str(value);
  if (typeof value === "number") return num(String(value));
  return { kind: "scalar", type: "bool", text: String(value) };
}

function serialise(node: Node): string {
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

const typeOf = (node: Node) => (node.kind === "scalar" || node.kind === "raw" ? node.type : node.kind);

/** A place in the tree a mutation can overwrite. */
interface Slot {
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

function collectObjects(node: Node, out: Extract<Node, { kind: "object" }>[]): void {
  if (node.kind === "object") out.push(node);
  const children =
    node.kind === "object" ? node.entries.map((e) => e[1]) : node.kind === "array" ? node.items : [];
  for (const child of children) collectObjects(child, out);
}

/** Slots under `workflow_job` and `repository` (or, for other events, under every top-level object). */
function targetSlots(root: Node): Slot[] {
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

const WEIRD_STRINGS = [
  "",
  " ",
  "\u0000",
  "\u0000\u0001\u001f",
  "\ud800", // lone surrogate (JSON.stringify escapes it)
  "\udfff\ud800",
  "🔥💥🚀",
  "\u202eevil\u202c",
  "\u200b\u200d\ufeff",
  "e\u0301\u0301\u0301\u0301",
  "𝕦𝕟𝕚𝕔𝕠𝕕𝕖",
  "'; DROP TABLE jobs; --",
  "%00%zz",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "github:1",
  "123",
  "-1",
  "1e400",
  "NaN",
  "true",
  "null",
  "2024-13-45T25:61:61Z",
  "2024-01-01T00:00:00Z",
  "2024-02-29T12:00:00.123456789+14:00",
  "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:59.999-23:59",
  "completed",
  "in_progress",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
];

const WEIRD_NUMBERS = [
  "0",
  "-0",
  "-1",
  "1.5",
  "1e21",
  "1e400",
  "-1e400",
  "1e-400",
  "9007199254740991",
  "9007199254740993",
  "123456789012345678901234567890",
  "0.0000001",
  "1E2",
  "2147483648",
  "-9223372036854775808",
];

const DANGEROUS_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "hasOwnProperty",
  "toString",
  "valueOf",
  "__defineGetter__",
];

function randomNode(rng: Rng, depth = 0, not?: string): Node {
  const types = ["string", "number", "null", "array", "object", "bool"].filter((t) => t !== not);
  switch (depth > 2 ? rng.pick(types.filter((t) => t !== "array" && t !== "object")) : rng.pick(types)) {
    case "string":
      return str(rng.chance(0.6) ? rng.pick(WEIRD_STRINGS) : rng.text(rng.int(0, 40)));
    case "number":
      return num(rng.chance(0.6) ? rng.pick(WEIRD_NUMBERS) : String(rng.int(-1e6, 1e9)));
    case "null":
      return { kind: "scalar", type: "null", text: "null" };
    case "bool":
      return { kind: "scalar", type: "bool", text: rng.chance(0.5) ? "true" : "false" };
    case "array":
      return {
        kind: "array",
        items: Array.from({ length: rng.int(0, 3) }, () => randomNode(rng, depth + 1)),
      };
    default:
      return {
        kind: "object",
        entries: Array.from({ length: rng.int(0, 3) }, () => [
          rng.chance(0.3) ? rng.pick(DANGEROUS_KEYS) : rng.text(rng.int(1, 8)),
          randomNode(rng, depth + 1),
        ]),
      };
  }
}

/** A string whose JSON text is about `bytes` long: plain, multi-byte, or escape-heavy. */
function hugeString(rng: Rng, bytes: number): string {
  const unit = rng.pick(["x", "é", "🔥", "\\", '"', "ab\u0000", "€", "\ud800"]);
  const unitBytes = Buffer.byteLength(JSON.stringify(unit)) - 2;
  return unit.repeat(Math.floor(bytes / unitBytes));
}

/** Structural mutations: they edit the tree, so the body stays (mostly) well-formed JSON. */
const TREE_MUTATIONS = {
  typeSwap(rng: Rng, root: Node): string {
    const slots = targetSlots(root);
    if (slots.length === 0) return "typeSwap(none)";
    const slot = rng.pick(slots);
    slot.set(randomNode(rng, 0, typeOf(slot.node)));
    return `typeSwap(${slot.path})`;
  },
  deleteField(rng: Rng, root: Node): string {
    const slots = targetSlots(root);
    if (slots.length === 0) return "deleteField(none)";
    const slot = rng.pick(slots);
    slot.remove();
    return `deleteField(${slot.path})`;
  },
  numberEdge(rng: Rng, root: Node): string {
    const slots = targetSlots(root).filter((s) => typeOf(s.node) === "number");
    if (slots.length === 0) return "numberEdge(none)";
    const slot = rng.pick(slots);
    const value = rng.pick(WEIRD_NUMBERS);
    slot.set(num(value));
    return `numberEdge(${slot.path}=${value})`;
  },
  weirdString(rng: Rng, root: Node): string {
    const slots = targetSlots(root).filter((s) => typeOf(s.node) === "string");
    if (slots.length === 0) return "weirdString(none)";
    const slot = rng.pick(slots);
    slot.set(str(rng.pick(WEIRD_STRINGS)));
    return `weirdString(${slot.path})`;
  },
  duplicateKey(rng: Rng, root: Node): string {
    const objects: Extract<Node, { kind: "object" }>[] = [];
    collectObjects(root, objects);
    const target = rng.pick(objects.filter((o) => o.entries.length > 0));
    const [key] = rng.pick(target.entries);
    const at = rng.chance(0.5) ? 0 : target.entries.length;
    target.entries.splice(at, 0, [key, randomNode(rng)]);
    return `duplicateKey(${key}@${at === 0 ? "first" : "last"})`;
  },
  dangerousKey(rng: Rng, root: Node): string {
    const objects: Extract<Node, { kind: "object" }>[] = [];
    collectObjects(root, objects);
    const target = rng.chance(0.3) ? root : rng.pick(objects);
    if (target.kind !== "object") return "dangerousKey(none)";
    const key = rng.pick(DANGEROUS_KEYS);
    const value: Node = rng.chance(0.5)
      ? toNode({ polluted: "yes", id: 1, full_name: "evil/repo", status: "completed", isAdmin: true })
      : randomNode(rng);
    target.entries.splice(rng.int(0, target.entries.length), 0, [key, value]);
    return `dangerousKey(${key})`;
  },
  hugeString(rng: Rng, root: Node): string {
    const slots = targetSlots(root).filter((s) => s.node.kind === "scalar");
    if (slots.length === 0) return "hugeString(none)";
    const slot = rng.pick(slots);
    // 100 KB–900 KB (the fixtures are under 25 KB, so the body stays under the 1 MiB limit),
    // and now and then just over the limit.
    const bytes = rng.chance(0.9) ? rng.int(100_000, 900_000) : rng.int(BODY_LIMIT, BODY_LIMIT + 300_000);
    slot.set(str(hugeString(rng, bytes)));
    return `hugeString(${slot.path},${bytes})`;
  },
  hugeArray(rng: Rng, root: Node): string {
    const slots = targetSlots(root).filter((s) => /labels|steps/.test(s.path) && s.node.kind === "array");
    const slot = slots.length > 0 ? rng.pick(slots) : rng.pick(targetSlots(root));
    const n = rng.int(5_000, 60_000);
    slot.set({ kind: "array", items: Array.from({ length: n }, (_, i) => str(`l${i % 7}`)) });
    return `hugeArray(${slot.path},${n})`;
  },
  nest(rng: Rng, root: Node): string {
    const slots = targetSlots(root);
    if (slots.length === 0) return "nest(none)";
    const slot = rng.pick(slots);
    const levels = rng.chance(0.1) ? 10_000 : rng.int(2, 500);
    const arrays = rng.chance(0.5);
    const text = arrays
      ? "[".repeat(levels) + serialise(slot.node) + "]".repeat(levels)
      : '{"a":'.repeat(levels) + serialise(slot.node) + "}".repeat(levels);
    slot.set({ kind: "raw", type: arrays ? "array" : "object", text });
    return `nest(${slot.path},${levels})`;
  },
  /** Plausible edits a real GitHub could send: the body stays valid, only the story changes. */
  plausible(rng: Rng, root: Node): string {
    const wj = root.kind === "object" ? root.entries.find(([k]) => k === "workflow_job")?.[1] : undefined;
    if (!wj || wj.kind !== "object") return "plausible(none)";
    const set = (key: string, value: Node) => {
      const entry = wj.entries.find(([k]) => k === key);
      if (entry) entry[1] = value;
      else wj.entries.push([key, value]);
    };
    const edits: string[] = [];
    if (rng.chance(0.6)) {
      const status = rng.pick([
        "queued",
        "in_progress",
        "completed",
        "waiting",
        "requested",
        "pending",
        "weird",
        "constructor",
      ]);
      set("status", str(status));
      edits.push(`status=${status}`);
    }
    if (rng.chance(0.4)) {
      const conclusion = rng.pick([
        "success",
        "failure",
        "cancelled",
        "skipped",
        "timed_out",
        "neutral",
        "startup_failure",
        "action_required",
        "stale",
        "other",
        "__proto__",
        "valueOf",
        null,
      ]);
      set("conclusion", toNode(conclusion));
      edits.push(`conclusion=${conclusion}`);
    }
    for (const key of ["created_at", "started_at", "completed_at"]) {
      if (rng.chance(0.3)) {
        const at = rng.chance(0.2) ? null : new Date(rng.int(0, 4_102_444_800_000)).toISOString();
        set(key, toNode(at));
        edits.push(`${key}=${at}`);
      }
    }
    if (rng.chance(0.3)) {
      set("run_attempt", toNode(rng.int(1, 50)));
      edits.push("run_attempt");
    }
    if (rng.chance(0.2)) {
      set(
        "labels",
        toNode(Array.from({ length: rng.int(0, 5) }, () => rng.pick(["gpu", "linux", "x64", "gpu", ""]))),
      );
      edits.push("labels");
    }
    return `plausible(${edits.join(",")})`;
  },
} satisfies Record<string, (rng: Rng, root: Node) => string>;

/** Byte mutations: they act on the raw body, so most bodies stop being JSON (or UTF-8). */
const BYTE_MUTATIONS = {
  truncate(rng: Rng, body: Buffer): [Buffer, string] {
    const at = rng.int(0, Math.max(0, body.length - 1));
    return [body.subarray(0, at), `truncate(${at})`];
  },
  bitFlip(rng: Rng, body: Buffer): [Buffer, string] {
    const out = Buffer.from(body);
    const flips = rng.int(1, 16);
    for (let i = 0; i < flips && out.length > 0; i++) {
      const at = rng.int(0, out.length - 1);
      out[at] = out[at]! ^ (1 << rng.int(0, 7));
    }
    return [out, `bitFlip(${flips})`];
  },
  insertBytes(rng: Rng, body: Buffer): [Buffer, string] {
    let out = body;
    const times = rng.int(1, 5);
    for (let i = 0; i < times; i++) {
      const at = rng.int(0, out.length);
      const insert = rng.chance(0.5)
        ? Buffer.from(rng.text(rng.int(1, 8), '{}[]",:\\ 0123456789-+.eEtrufalsn'))
        : rng.bytes(rng.int(1, 16));
      out = Buffer.concat([out.subarray(0, at), insert, out.subarray(at)]);
    }
    return [out, `insertBytes(${times})`];
  },
  deleteBytes(rng: Rng, body: Buffer): [Buffer, string] {
    let out = body;
    const times = rng.int(1, 5);
    for (let i = 0; i < times && out.length > 0; i++) {
      const at = rng.int(0, out.length - 1);
      out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + rng.int(1, 64)))]);
    }
    return [out, `deleteBytes(${times})`];
  },
  invalidUtf8(rng: Rng, body: Buffer): [Buffer, string] {
    const sequences = [
      [0xff],
      [0xfe],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
      [0xc3],
      [0xe2, 0x82],
      [0x80],
    ];
    let out = body;
    const times = rng.int(1, 4);
    for (let i = 0; i < times; i++) {
      // Inside a string value most of the time, so the JSON structure survives.
      const quotes: number[] = [];
      for (let j = 0; j < out.length; j++) if (out[j] === 0x22) quotes.push(j + 1);
      const at = quotes.length > 0 && rng.chance(0.8) ? rng.pick(quotes) : rng.int(0, out.length);
      out = Buffer.concat([out.subarray(0, at), Buffer.from(rng.pick(sequences)), out.subarray(at)]);
    }
    return [out, `invalidUtf8(${times})`];
  },
  bom(_rng: Rng, body: Buffer): [Buffer, string] {
    return [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]), "bom"];
  },
} satisfies Record<string, (rng: Rng, body: Buffer) => [Buffer, string]>;

// ── Webhook cases ────────────────────────────────────────────────────────────

const FIXTURES = fixtureNames("github", "").map((name) => ({
  name,
  event: name.split(".")[0]!,
  bytes: fixture(`github/${name}`),
  json: JSON.parse(fixture(`github/${name}`).toString("utf8")) as unknown,
}));

type SignatureVariant =
  | "correct"
  | "upper-hex"
  | "missing"
  | "wrong"
  | "truncated"
  | "upper-prefix"
  | "sha1"
  | "other-body"
  | "empty"
  | "two-values";

const VALID_SIGNATURES: ReadonlySet<SignatureVariant> = new Set(["correct", "upper-hex"]);

const JSON_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/vnd.github+json",
  "Application/JSON",
];
const WRONG_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=----fuzz",
  null, // no Content-Type at all
  "application/xml",
  "text/json",
  "application/jsonp",
  "*/*",
];

interface WebhookCase {
  index: number;
  fixture: string;
  mutations: string[];
  body: Buffer;
  contentType: string | null;
  signature: SignatureVariant;
  event: string | null;
  delivery: string | null;
  /** The job this delivery must create (set only when the body is known to be valid). */
  mustStore?: string;
  /** True when the body is known to be a JSON object (tree mutations only); undefined: parse to know. */
  jsonObject?: boolean;
}

function signatureHeader(variant: SignatureVariant, body: Buffer, rng: Rng): string | null {
  const good = githubSignature(body);
  switch (variant) {
    case "correct":
      return good;
    case "upper-hex":
      return `sha256=${good.slice(7).toUpperCase()}`;
    case "missing":
      return null;
    case "wrong":
      return `sha256=${rng.text(64, "0123456789abcdef")}`;
    case "truncated":
      return good.slice(0, rng.int(0, good.length - 1));
    case "upper-prefix":
      return `SHA256=${good.slice(7)}`;
    case "sha1":
      return `sha1=${createHmac("sha1", GITHUB_SECRET).update(body).digest("hex")}`;
    case "other-body":
      return githubSignature(Buffer.concat([body, Buffer.from(" ")]));
    case "empty":
      return "sha256=";
    case "two-values":
      return `${good}, ${good}`;
  }
}

function makeWebhookCase(rng: Rng, index: number): WebhookCase {
  const source = rng.pick(FIXTURES);
  const mutations: string[] = [];
  let body: Buffer;
  let mustStore: string | undefined;
  const kind = rng.weighted({ pristine: 8, tree: 50, bytes: 34, treeThenBytes: 6, empty: 1, notObject: 1 });
  const root = toNode(source.json);
  const wj = root.kind === "object" ? root.entries.find(([k]) => k === "workflow_job")?.[1] : undefined;
  // A fresh job id most of the time, so accepted deliveries create many distinct jobs.
  if (wj?.kind === "object" && rng.chance(0.7)) {
    const id = rng.int(1, 2 ** 40);
    const entry = wj.entries.find(([k]) => k === "id");
    if (entry) entry[1] = num(String(id));
    mustStore = `github:${id}`;
  }
  switch (kind) {
    case "pristine":
      mutations.push("pristine");
      body = Buffer.from(serialise(root));
      break;
    case "empty":
      mutations.push("empty");
      body = Buffer.alloc(0);
      break;
    case "notObject": {
      const text = rng.pick([
        "[]",
        "[1,2,3]",
        '"workflow_job"',
        "42",
        "null",
        "true",
        "{}",
        "[{}]",
        " ",
        "\n",
      ]);
      mutations.push(`notObject(${JSON.stringify(text)})`);
      body = Buffer.from(text);
      break;
    }
    default: {
      if (kind !== "bytes") {
        const count = rng.chance(0.25) ? 2 : 1;
        for (let i = 0; i < count; i++) {
          const name = rng.weighted({
            typeSwap: 30,
            deleteField: 8,
            numberEdge: 8,
            weirdString: 10,
            duplicateKey: 10,
            dangerousKey: 10,
            hugeString: 1.5,
            hugeArray: 0.5,
            nest: 3,
            plausible: 20,
          });
          mutations.push(TREE_MUTATIONS[name](rng, root));
        }
        body = Buffer.from(serialise(root));
        if (body.length > 2 * BODY_LIMIT) {
          // Two huge strings together: a 413 either way, so spare the bytes.
          mutations.push("trimmed");
          body = Buffer.from(serialise(toNode(source.json)));
        }
      } else {
        body = rng.chance(0.5) ? source.bytes : Buffer.from(serialise(root));
      }
      if (kind !== "tree") {
        const name = rng.weighted({
          truncate: 25,
          bitFlip: 30,
          insertBytes: 15,
          deleteBytes: 15,
          invalidUtf8: 12,
          bom: 3,
        });
        const [mutated, label] = BYTE_MUTATIONS[name](rng, body);
        body = mutated;
        mutations.push(label);
      }
    }
  }
  const contentType = rng.chance(0.92) ? rng.pick(JSON_TYPES) : rng.pick(WRONG_TYPES);
  const signature: SignatureVariant = rng.chance(0.85)
    ? "correct"
    : rng.pick([
        "upper-hex",
        "missing",
        "wrong",
        "truncated",
        "upper-prefix",
        "sha1",
        "other-body",
        "empty",
        "two-values",
      ]);
  const roll = rng.next();
  const event =
    roll < 0.75
      ? source.event
      : roll < 0.85
        ? "workflow_job"
        : roll < 0.9
          ? "ping"
          : roll < 0.95
            ? null
            : rng.chance(0.5)
              ? rng.text(rng.int(1, 40))
              : rng.headerBytes(rng.int(1, 60));
  const dRoll = rng.next();
  const delivery = dRoll < 0.94 ? rng.uuid() : dRoll < 0.97 ? null : rng.headerBytes(rng.int(100, 600));
  const valid =
    kind === "pristine" &&
    event === "workflow_job" &&
    contentType !== null &&
    JSON_TYPES.includes(contentType);
  return {
    index,
    fixture: source.name,
    mutations,
    body,
    contentType,
    signature,
    event,
    delivery,
    mustStore: valid && VALID_SIGNATURES.has(signature) && delivery !== null ? mustStore : undefined,
    jsonObject: kind === "pristine" || kind === "tree" ? true : undefined,
  };
}

/** Parses like the server does: UTF-8 decode, JSON.parse, an object at the top. */
function parseObject(body: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The answers a case may get, decided from the request alone (the server's code is not consulted). */
function allowedStatuses(c: WebhookCase): number[] {
  if (c.body.length > BODY_LIMIT) return [413];
  if (c.contentType === null || !JSON_TYPES.includes(c.contentType)) return [415];
  if (!VALID_SIGNATURES.has(c.signature)) return [401];
  if (c.event === null || !(c.jsonObject ?? parseObject(c.body) !== null)) return [400];
  if (c.event === "ping") return [200];
  if (c.event !== "workflow_job") return [202];
  return c.mustStore ? [202] : [202, 400];
}

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  /** Set when no HTTP answer came back at all. */
  failure?: string;
}

async function postWebhook(url: string, c: WebhookCase, rng: Rng): Promise<Answer> {
  const headers: Record<string, string> = { "user-agent": "GitHub-Hookshot/fuzz" };
  if (c.contentType !== null) headers["content-type"] = c.contentType;
  if (c.event !== null) headers["x-github-event"] = c.event;
  if (c.delivery !== null) headers["x-github-delivery"] = c.delivery;
  const signature = signatureHeader(c.signature, c.body, rng);
  if (signature !== null) headers["x-hub-signature-256"] = signature;
  return send(`${url}/api/v1/webhooks/github`, { method: "POST", headers, body: new Uint8Array(c.body) });
}

async function send(url: string, init: RequestInit): Promise<Answer> {
  try {
    const response = await fetch(url, init);
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      text: await response.text(),
    };
  } catch (error) {
    const cause = (error as { cause?: { message?: string; code?: string } }).cause;
    return {
      status: 0,
      contentType: null,
      text: "",
      failure: `${(error as Error).message}: ${cause?.code ?? ""} ${cause?.message ?? ""}`,
    };
  }
}

/** Problems with an answer's shape: errors must be `{ error: { code, message } }` JSON without internals. */
function shapeProblems(answer: Answer): string[] {
  const problems: string[] = [];
  // A success may be something else than JSON (the audit export is CSV or JSON Lines).
  if (answer.status < 300 && !/^application\/json\s*(;|$)/.test(answer.contentType ?? "")) return problems;
  if (answer.status === 204) return problems;
  if (!answer.contentType?.startsWith("application/json"))
    problems.push(`content-type ${answer.contentType}`);
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    return [...problems, "body is not JSON"];
  }
  if (answer.status >= 300) {
    const error = (json as { error?: unknown }).error;
    if (
      typeof error !== "object" ||
      error === null ||
      typeof (error as { code?: unknown }).code !== "string" ||
      typeof (error as { message?: unknown }).message !== "string"
    ) {
      problems.push(`error body is not { error: { code, message } }`);
    }
  }
  if (/\bat [\w.<>]+ \(|node_modules|\.ts:\d+/.test(answer.text)) problems.push("stack trace in body");
  return problems;
}

/** Runs `task(0..count-1)` with at most `limit` in flight. Indexes are handed out in order. */
async function pool(count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

const describeCase = (c: WebhookCase) =>
  `#${c.index} ${c.fixture} [${c.mutations.join(" + ")}] ct=${c.contentType} sig=${c.signature} ` +
  `event=${JSON.stringify(c.event)} bytes=${c.body.length} head=${JSON.stringify(c.body.subarray(0, 80).toString("latin1"))}`;

// ── The stored-job schema ────────────────────────────────────────────────────

const isoTime = z.iso
  .datetime({ offset: true })
  .refine((s) => Number.isFinite(Date.parse(s)), "unparseable time");
const jobStatus = z.enum(JOB_STATUSES);
const elapsed = (from: string | null, to: string | null) =>
  from !== null && to !== null ? Math.max(0, Date.parse(to) - Date.parse(from)) : null;

const storedJobSchema: z.ZodType<Job> = z
  .strictObject({
    id: z.string().regex(/^github:\d+$/),
    source: z.literal("github"),
    repo: z.string().min(1),
    workflow: z.string(),
    name: z.string().min(1),
    runId: z.string().regex(/^\d+$/),
    attempt: z.number().int().positive(),
    branch: z.string().nullable(),
    sha: z.string().nullable(),
    status: jobStatus,
    queuedAt: isoTime.nullable(),
    startedAt: isoTime.nullable(),
    finishedAt: isoTime.nullable(),
    queueMs: z.number().int().nonnegative().nullable(),
    durationMs: z.number().int().nonnegative().nullable(),
    runner: z.strictObject({
      name: z.string().nullable(),
      group: z.string().nullable(),
      labels: z.array(z.string()),
    }),
    url: z.string().nullable(),
    failure: z
      .strictObject({
        cause: z.enum(["timeout", "cancelled", "startup_failure", "step_failed", "unknown"]),
        step: z.string().nullable(),
      })
      .nullable(),
    steps: z.array(
      z.strictObject({
        name: z.string(),
        status: jobStatus,
        startedAt: isoTime.nullable(),
        finishedAt: isoTime.nullable(),
      }),
    ),
  })
  .superRefine((job, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: "custom", message });
    if (job.queueMs !== elapsed(job.queuedAt, job.startedAt)) fail("queueMs is not startedAt − queuedAt");
    const duration = isTerminal(job.status) ? elapsed(job.startedAt, job.finishedAt) : null;
    if (job.durationMs !== duration) fail("durationMs is not finishedAt − startedAt of a finished job");
    if (!isTerminal(job.status) && job.finishedAt !== null) fail(`a ${job.status} job has a finish time`);
    const failed = job.status === "failure" || job.status === "timed_out" || job.status === "cancelled";
    if (failed !== (job.failure !== null))
      fail("failure is set exactly when the job failed, timed out or was cancelled");
  });

const RANK: Record<JobStatus, number> = {
  queued: 0,
  waiting: 1,
  running: 2,
  success: 3,
  failure: 3,
  cancelled: 3,
  skipped: 3,
  timed_out: 3,
};

// ── The tests ────────────────────────────────────────────────────────────────

let server: TestServer;
/** workflow_job deliveries answered 202 and not a duplicate: an upper bound on stored jobs. */
let acceptedJobDeliveries = 0;

let dataDir: string;

beforeAll(async () => {
  // Durability is not under test here: a RAM-backed folder (when there is one) spares ~5,000 fsyncs.
  const ram = "/dev/shm";
  const base = fs.existsSync(ram) && fs.statSync(ram).isDirectory() ? ram : os.tmpdir();
  dataDir = fs.mkdtempSync(path.join(base, "runwatch-fuzz-"));
  server = await startTestServer({
    dataDir,
    env: {
      RUNWATCH_RATE_LIMIT_WEBHOOK: "1000000",
      RUNWATCH_RATE_LIMIT_API: "1000000",
      RUNWATCH_RATE_LIMIT_SIGNIN: "10000",
    },
  });
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const reportSeed = () =>
  onTestFailed(() => {
    console.error(
      `fuzz seed ${SEED}: replay with FUZZ_SEED=${SEED} npx vitest run server/test/fuzz.integration.test.ts`,
    );
  });

describe("fuzz: bad input never breaks the server", { timeout: 180_000 }, () => {
  it(`answers ${WEBHOOK_CASES} mutated GitHub deliveries with 2xx/4xx only, in the right layer`, async () => {
    reportSeed();
    const rng = new Rng(SEED);
    const byStatus = new Map<number, number>();
    const byClass = new Map<string, Map<number, number>>();
    const violations: string[] = [];
    const mustExist: string[] = [];
    const started = Date.now();

    await pool(WEBHOOK_CASES, CONCURRENCY, async (index) => {
      const c = makeWebhookCase(rng, index);
      const answer = await postWebhook(server.url, c, rng);
      byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      const cls = c.mutations[0]?.replace(/\(.*$/, "") ?? "?";
      const counts = byClass.get(cls) ?? new Map<number, number>();
      counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
      byClass.set(cls, counts);

      const allowed = allowedStatuses(c);
      if (answer.failure) violations.push(`no answer (${answer.failure}) to ${describeCase(c)}`);
      else if (!allowed.includes(answer.status))
        violations.push(
          `${answer.status} (allowed ${allowed}) ${answer.text.slice(0, 300)} to ${describeCase(c)}`,
        );
      for (const problem of shapeProblems(answer))
        violations.push(`${problem}: ${answer.status} ${answer.text.slice(0, 200)} to ${describeCase(c)}`);
      if (answer.status === 202 && c.event === "workflow_job") {
        const body = JSON.parse(answer.text) as { duplicate?: boolean };
        if (!body.duplicate) acceptedJobDeliveries++;
        else if (c.delivery !== null && /^[0-9a-f-]{36}$/.test(c.delivery))
          violations.push(`fresh delivery id answered as a duplicate: ${describeCase(c)}`);
      }
      if (c.mustStore && answer.status === 202) mustExist.push(c.mustStore);
    });

    const seconds = (Date.now() - started) / 1000;
    console.log(
      `webhook fuzz (seed ${SEED}): ${WEBHOOK_CASES} deliveries in ${seconds.toFixed(1)} s; by status`,
      Object.fromEntries([...byStatus].sort()),
    );
    console.table(Object.fromEntries([...byClass].map(([k, v]) => [k, Object.fromEntries([...v].sort())])));

    expect(violations.slice(0, 20), `seed ${SEED}: ${violations.length} violations`).toEqual([]);
    // The mutations reached every layer: media type, signature, JSON, schema, and the store.
    for (const status of [200, 202, 400, 401, 413, 415]) {
      expect(byStatus.get(status) ?? 0, `seed ${SEED}: answers with ${status}`).toBeGreaterThan(
        status === 413 ? 0 : 20,
      );
    }
    expect(byStatus.get(202) ?? 0).toBeGreaterThan(WEBHOOK_CASES * 0.15);
    expect(byStatus.get(400) ?? 0).toBeGreaterThan(WEBHOOK_CASES * 0.15);
    expect(byStatus.get(429) ?? 0, "rate limiting was configured out of the way").toBe(0);
    // Acknowledged means stored.
    for (const id of mustExist) expect(await server.store.getJob(id), `seed ${SEED}: ${id}`).not.toBeNull();
    expect(mustExist.length).toBeGreaterThan(50);
  });

  it("answers deep nesting with 400 (or 202 for events it ignores) and bodies over 1 MiB with 413", async () => {
    reportSeed();
    const deepArrays = (n: number) => "[".repeat(n) + "]".repeat(n);
    const deepObjects = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);
    const queued = fixture("github/workflow_job.queued.1.json").toString("utf8");
    const inWorkflowJob = queued.replace(
      '"workflow_job": {',
      `"workflow_job": {"deep": ${deepArrays(10_000)},`,
    );
    expect(inWorkflowJob).not.toBe(queued);
    const cases: { body: string; event: string; contentType?: string; allowed: number[]; what: string }[] = [
      { what: "10,000 nested arrays", body: deepArrays(10_000), event: "workflow_job", allowed: [400] },
      {
        what: "500,000 nested arrays (just under 1 MiB)",
        body: deepArrays(500_000),
        event: "workflow_job",
        allowed: [400],
      },
      { what: "10,000 nested objects", body: deepObjects(10_000), event: "workflow_job", allowed: [400] },
      {
        what: "100,000 nested objects, ignored event",
        body: deepObjects(100_000),
        event: "check_run",
        allowed: [202],
      },
      { what: "100,000 nested objects, ping", body: deepObjects(100_000), event: "ping", allowed: [200] },
      {
        what: "10,000 nested arrays as workflow_job",
        body: `{"action":"queued","workflow_job":${deepArrays(10_000)},"repository":{"full_name":"a/b"}}`,
        event: "workflow_job",
        allowed: [400],
      },
      {
        what: "10,000 nested arrays as labels",
        body: queued.replace(/"labels": \[[^\]]*\]/, `"labels": ${deepArrays(10_000)}`),
        event: "workflow_job",
        allowed: [400],
      },
      {
        what: "10,000 nested arrays in an unread field",
        body: inWorkflowJob,
        event: "workflow_job",
        allowed: [202],
      },
      {
        what: "1 MiB + 1 byte",
        body: " ".repeat(BODY_LIMIT - queued.length + 1) + queued,
        event: "workflow_job",
        allowed: [413],
      },
      {
        what: "1.5 MiB string",
        body: JSON.stringify({ action: "queued", padding: "x".repeat(1.5 * BODY_LIMIT) }),
        event: "workflow_job",
        allowed: [413],
      },
      { what: "2 MiB of nesting", body: deepArrays(BODY_LIMIT), event: "workflow_job", allowed: [413] },
      {
        what: "1.2 MiB as text/plain",
        body: "x".repeat(1.2 * BODY_LIMIT),
        event: "workflow_job",
        contentType: "text/plain",
        allowed: [413, 415],
      },
    ];
    for (const c of cases) {
      const body = Buffer.from(c.body);
      const answer = await send(`${server.url}/api/v1/webhooks/github`, {
        method: "POST",
        headers: {
          "content-type": c.contentType ?? "application/json",
          "x-github-event": c.event,
          "x-github-delivery": `deep-${c.what}`,
          "x-hub-signature-256": githubSignature(body),
        },
        body: new Uint8Array(body),
      });
      expect(answer.failure, c.what).toBeUndefined();
      expect(c.allowed, `${c.what}: ${answer.status} ${answer.text.slice(0, 200)}`).toContain(answer.status);
      expect(shapeProblems(answer), c.what).toEqual([]);
      if (answer.status === 202 && c.event === "workflow_job") acceptedJobDeliveries++;
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it(`stays consistent under ${RACE_CASES} mutated deliveries racing at one job`, async () => {
    reportSeed();
    const rng = new Rng(SEED ^ 0x5eed);
    const id = `github:${RACE_JOB_ID}`;
    const jobFixtures = FIXTURES.filter((f) => f.event === "workflow_job");
    const bodies = Array.from({ length: RACE_CASES }, () => {
      const source = rng.pick(jobFixtures);
      const root = toNode(source.json);
      const wj = root.kind === "object" ? root.entries.find(([k]) => k === "workflow_job")?.[1] : undefined;
      const entry = wj?.kind === "object" ? wj.entries.find(([k]) => k === "id") : undefined;
      if (entry) entry[1] = num(String(RACE_JOB_ID));
      const name = rng.weighted({
        plausible: 50,
        typeSwap: 20,
        weirdString: 10,
        duplicateKey: 10,
        dangerousKey: 10,
      });
      // Keep the id: the point is many observations of ONE job.
      const label = TREE_MUTATIONS[name](rng, root);
      if (entry) {
        const again = wj?.kind === "object" ? wj.entries.find(([k]) => k === "id") : undefined;
        if (again) again[1] = num(String(RACE_JOB_ID));
      }
      let body: Buffer = Buffer.from(serialise(root));
      if (rng.chance(0.1)) body = BYTE_MUTATIONS.bitFlip(rng, body)[0];
      return { body, label, delivery: rng.uuid() };
    });
    const answers = await Promise.all(
      bodies.map((b) =>
        send(`${server.url}/api/v1/webhooks/github`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-github-event": "workflow_job",
            "x-github-delivery": b.delivery,
            "x-hub-signature-256": githubSignature(b.body),
          },
          body: new Uint8Array(b.body),
        }),
      ),
    );
    let accepted = 0;
    let topRank = -1;
    answers.forEach((answer, i) => {
      const what = `seed ${SEED} race #${i} ${bodies[i]!.label}: ${answer.status} ${answer.text.slice(0, 200)}`;
      expect(answer.failure, what).toBeUndefined();
      expect([202, 400], what).toContain(answer.status);
      expect(shapeProblems(answer), what).toEqual([]);
      if (answer.status !== 202) return;
      acceptedJobDeliveries++;
      const parsed = parseObject(bodies[i]!.body);
      expect(parsed, what).not.toBeNull();
      const observation = normaliseWorkflowJob(parsed!);
      if (observation.id === id) {
        accepted++;
        topRank = Math.max(topRank, RANK[observation.status]);
      }
    });
    expect(accepted, `seed ${SEED}: accepted observations of ${id}`).toBeGreaterThan(RACE_CASES / 4);

    const stored = await server.store.getJob(id);
    expect(stored).not.toBeNull();
    expect(storedJobSchema.safeParse(stored).error?.issues ?? []).toEqual([]);
    // Lifecycle only moves forward: the stored status is as advanced as the most advanced observation.
    expect(RANK[stored!.status], `seed ${SEED}: stored ${stored!.status}`).toBe(topRank);
    // The API serves exactly what the store holds, once.
    const viaApi = await fetch(`${server.url}/api/v1/jobs/${encodeURIComponent(id)}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(viaApi.status).toBe(200);
    expect(await viaApi.json()).toEqual(stored);
    const listed = await server.store.listJobs({ sort: "created", limit: 200, q: String(RACE_JOB_ID) });
    expect(listed.items.filter((j) => j.id === id)).toHaveLength(1);
  });

  it(`answers ${API_CASES} API requests with random credentials, cookies and queries without 5xx or a leak`, async () => {
    reportSeed();
    const rng = new Rng(SEED ^ 0xa11);
    const now = Date.now();
    const read = await server.store.createApiKey(
      { name: "fuzz-read", scopes: ["read"], createdBy: "fuzz" },
      now,
    );
    const ingest = await server.store.createApiKey(
      { name: "fuzz-ingest", scopes: ["ingest"], createdBy: "fuzz" },
      now,
    );
    const revoked = await server.store.createApiKey(
      { name: "fuzz-revoked", scopes: ["admin"], createdBy: "fuzz" },
      now,
    );
    await server.store.revokeApiKey(revoked.key.id, now);
    const session = await server.store.createSession(read.key.id, 3_600_000, now);

    type Cred = { label: string; headers: Record<string, string>; scope: "admin" | "read" | "ingest" | null };
    const randomCredential = (allowSession: boolean): Cred => {
      const kind = rng.weighted({
        none: 10,
        randomBytes: 8,
        bearerRw: 12,
        bearerRandom: 5,
        basic: 5,
        long8k: 3,
        long20k: 1,
        unicode: 4,
        nearMiss: 6,
        revoked: 2,
        cookieRandom: 10,
        cookieMalformed: 6,
        cookieAndBearer: 3,
        admin: 9,
        read: 5,
        ingest: 4,
        session: allowSession ? 5 : 0,
        adminWithGarbageCookie: 2,
      });
      const bearer = (token: string, scope: Cred["scope"] = null): Cred => ({
        label: kind,
        headers: { authorization: `Bearer ${token}` },
        scope,
      });
      switch (kind) {
        case "none":
          return { label: kind, headers: {}, scope: null };
        case "randomBytes":
          return { label: kind, headers: { authorization: rng.headerBytes(rng.int(1, 200)) }, scope: null };
        case "bearerRw":
          return bearer(`rw_${rng.text(rng.int(0, 60))}`);
        case "bearerRandom":
          return bearer(rng.headerBytes(rng.int(1, 100)));
        case "basic":
          return {
            label: kind,
            headers: {
              authorization: `Basic ${Buffer.from(`${rng.text(8)}:${ADMIN_TOKEN}`).toString("base64")}`,
            },
            scope: null,
          };
        case "long8k":
          return bearer(`rw_${rng.text(8_000)}`);
        case "long20k":
          return bearer(`rw_${rng.text(20_000)}`);
        case "unicode":
          return bearer(
            rawUtf8(
              rng.pick(["ключ🔑", "\u202e" + ADMIN_TOKEN, ADMIN_TOKEN + "\u200b", "😀".repeat(50), "rw_é"]),
            ),
          );
        case "nearMiss":
          return bearer(
            rng.pick([
              ADMIN_TOKEN + "x",
              ADMIN_TOKEN.slice(0, -1),
              ADMIN_TOKEN.toUpperCase(),
              ADMIN_TOKEN.slice(0, 9),
              ADMIN_TOKEN.replace("rw_", "rw-"),
              read.secret.slice(0, -1) + (read.secret.endsWith("a") ? "b" : "a"),
              `"${ADMIN_TOKEN}"`,
              `${ADMIN_TOKEN},${ADMIN_TOKEN}`,
            ]),
          );
        case "revoked":
          return bearer(revoked.secret);
        case "cookieRandom":
          return {
            label: kind,
            headers: {
              cookie: `runwatch_session=${rng.chance(0.5) ? rng.text(rng.int(0, 80)) : encodeURIComponent(rng.headerBytes(40))}`,
            },
            scope: null,
          };
        case "cookieMalformed":
          return {
            label: kind,
            headers: {
              cookie: rng.pick([
                "runwatch_session",
                "runwatch_session=",
                "runwatch_session=%E0%A4%A",
                "runwatch_session=%zz",
                "=;;;=;",
                ";;;;",
                `runwatch_session=${"a".repeat(9_000)}`,
                `runwatch_session=a; runwatch_session=${encodeURIComponent(session.token)}`,
                `runwatch_session="${rng.text(20)}"`,
                `other=1; runwatch_session =${rng.text(30)}; x`,
                rawUtf8("runwatch_session=🍪"),
                rng.headerBytes(rng.int(1, 300)),
              ]),
            },
            scope: null,
          };
        case "cookieAndBearer":
          return {
            label: kind,
            headers: {
              authorization: `Bearer rw_${rng.text(30)}`,
              cookie: `runwatch_session=${encodeURIComponent(session.token)}`,
            },
            scope: null,
          };
        case "admin":
          return bearer(ADMIN_TOKEN, "admin");
        case "read":
          return bearer(read.secret, "read");
        case "ingest":
          return bearer(ingest.secret, "ingest");
        case "session":
          return {
            label: kind,
            headers: { cookie: `runwatch_session=${encodeURIComponent(session.token)}` },
            scope: "read",
          };
        case "adminWithGarbageCookie":
          return {
            label: kind,
            headers: { authorization: `Bearer ${ADMIN_TOKEN}`, cookie: `runwatch_session=${rng.text(40)}` },
            scope: "admin",
          };
      }
    };

    const QUERY_PARTS = [
      "limit=1e309",
      "limit=-1",
      "limit=0",
      "limit=99999999999999999999",
      "limit=abc",
      "limit=200",
      "limit=1&limit=2",
      "cursor=garbage",
      `cursor=${Buffer.from('[1,"x"]').toString("base64url")}`,
      `cursor=${Buffer.from('[1e400,"x"]').toString("base64url")}`,
      `cursor=${Buffer.from('{"__proto__":1}').toString("base64url")}`,
      "cursor=%00",
      `cursor=${"A".repeat(600)}`,
      "status=%00",
      "status=queued&status=running",
      "status=queued,running,",
      "status=,,,",
      "sort=random",
      "sort=finished",
      "source=github",
      "source=x",
      "since=notadate",
      "since=2024-01-01",
      "until=9999-99-99",
      `q=${"%25".repeat(100)}`,
      `q=${"x".repeat(1000)}`,
      "q=%5C%25_",
      "repo=%E0%A4%A",
      "%zz=1",
      "a[b]=c",
      "__proto__=1",
      "__proto__[polluted]=yes",
      "constructor[prototype][polluted]=yes",
      "label=",
      "action=verify&from=0&to=-1",
      "format=csv",
      "format=jsonl",
      "actor=%00",
      `x=${"y".repeat(20_000)}`,
    ];
    const ID_PARTS = [
      "abc",
      "x",
      "github:1",
      "github%3A1",
      encodeURIComponent("ключ🔑"),
      "%00",
      "%zz",
      "a".repeat(3_000),
      "..%2F..%2Fetc%2Fpasswd",
      "%2e%2e",
      encodeURIComponent(ADMIN_TOKEN),
    ];

    // Every registered route except the webhooks (fuzzed above) and dashboard pages.
    const routes = server.routes.filter((r) => !r.url.startsWith("/api/v1/webhooks") && r.access !== "page");
    const named = [
      ["GET", "/api/v1/jobs"],
      ["GET", "/api/v1/jobs/:id"],
      ["GET", "/api/v1/keys"],
      ["GET", "/api/v1/audit"],
      ["POST", "/api/v1/keys"],
      ["DELETE", "/api/v1/keys/:id"],
      ["GET", "/api/v1/auth/me"],
    ] as const;
    for (const [method, url] of named) {
      expect(
        routes.some((r) => r.method === method && r.url === url),
        `${method} ${url} is registered`,
      ).toBe(true);
    }
    const weighted = [
      ...routes,
      ...routes.filter((r) => named.some(([m, u]) => m === r.method && u === r.url)),
    ];

    const byStatus = new Map<number, number>();
    const violations: string[] = [];
    const shapeViolations = new Map<string, string>();
    let refusedWithoutCredential = 0;
    let wrongScope = 0;

    await pool(API_CASES, CONCURRENCY, async () => {
      const route = rng.pick(weighted);
      const isSessionSignOut = route.url === "/api/v1/auth/session" && route.method === "DELETE";
      const cred = randomCredential(!isSessionSignOut);
      let path = route.url.replace(":id", () => rng.pick(ID_PARTS));
      if (rng.chance(route.method === "GET" ? 0.7 : 0.2)) {
        path += "?" + Array.from({ length: rng.int(1, 4) }, () => rng.pick(QUERY_PARTS)).join("&");
      }
      const headers: Record<string, string> = { ...cred.headers };
      let body: Uint8Array<ArrayBuffer> | undefined;
      if (
        route.method === "POST" ||
        route.method === "PUT" ||
        route.method === "PATCH" ||
        (route.method === "DELETE" && rng.chance(0.2))
      ) {
        const text = rng.pick([
          () => serialise(randomNode(rng)),
          () =>
            JSON.stringify({
              name: rng.pick(["", " ", "x".repeat(101), "fuzz", rawUtf8("🔑")]),
              scopes: rng.pick([[], ["root"], ["admin", "admin"], "admin", null]),
            }),
          () =>
            JSON.stringify({
              key: rng.pick(["", rng.text(40), `rw_${rng.text(30)}`, ingest.secret, "x".repeat(600)]),
            }),
          () => '{"__proto__": {"polluted": "yes"}, "name": "p", "scopes": ["read"]}',
          () => '{"constructor": {"prototype": {"polluted": "yes"}}}',
          () => "[".repeat(10_000) + "]".repeat(10_000),
          () => `{"a":${"[".repeat(5_000)}${"]".repeat(5_000)},"__proto__":1}`,
          () => rng.headerBytes(rng.int(0, 200)),
          () => "",
        ])();
        body = new Uint8Array(Buffer.from(text, "latin1"));
        const contentType = rng.chance(0.85)
          ? "application/json"
          : rng.pick([
              "text/plain",
              "application/x-www-form-urlencoded",
              "multipart/form-data; boundary=x",
              "",
            ]);
        if (contentType) headers["content-type"] = contentType;
        if (rng.chance(0.3)) headers["x-runwatch-csrf"] = "1";
      }
      const answer = await send(`${server.url}${path}`, { method: route.method, headers, body });
      byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      const what = `${route.method} ${path.slice(0, 200)} cred=${cred.label} → ${answer.status} ${answer.text.slice(0, 200)}`;

      if (answer.failure) {
        violations.push(`no answer (${answer.failure}): ${what}`);
        return;
      }
      if (answer.status >= 500) violations.push(`5xx: ${what}`);
      for (const problem of shapeProblems(answer)) {
        const key = `${answer.status} ${problem}`;
        if (!shapeViolations.has(key)) shapeViolations.set(key, `${key}: ${what}`);
      }
      // 414 and 431 come from the HTTP layer for oversized request lines and headers.
      const transport = [413, 414, 431];
      const publicRoute = route.access === "public";
      if (publicRoute) {
        const ok = [200, 201, 204, 400, 401, 403, 404, 415, ...transport];
        if (!ok.includes(answer.status)) violations.push(`unexpected status: ${what}`);
        if (route.url === "/api/v1/auth/me" && answer.status === 200) {
          const me = JSON.parse(answer.text) as { authenticated: boolean };
          if (me.authenticated !== (cred.scope !== null))
            violations.push(`auth/me says authenticated=${me.authenticated}: ${what}`);
        }
        if (route.url === "/api/v1/auth/session" && route.method === "POST" && answer.status < 300)
          violations.push(`signed in with a random key: ${what}`);
        return;
      }
      if (cred.scope === null) {
        // No valid credential: never through, and 401 unless the request failed earlier.
        if (answer.status < 400) violations.push(`LEAK: ${what}`);
        else if (![401, 400, 404, ...transport].includes(answer.status))
          violations.push(`unexpected status: ${what}`);
        if (answer.status === 401) refusedWithoutCredential++;
        return;
      }
      const needed = route.access === "admin" ? ["admin"] : ["admin", "read"];
      if (!needed.includes(cred.scope)) {
        // A valid key without the scope: 403, not 401.
        if (answer.status < 400) violations.push(`LEAK (scope ${cred.scope}): ${what}`);
        else if (![403, 400, 404, ...transport].includes(answer.status))
          violations.push(`wrong scope not 403: ${what}`);
        if (answer.status === 403) wrongScope++;
        return;
      }
      const ok = [200, 201, 204, 400, 403, 404, 415, ...transport];
      if (!ok.includes(answer.status)) violations.push(`unexpected status: ${what}`);
      if (answer.status === 403 && cred.label !== "session")
        violations.push(`403 for a key with the scope: ${what}`);
    });

    console.log(
      `API fuzz (seed ${SEED}): ${API_CASES} requests; by status`,
      Object.fromEntries([...byStatus].sort()),
    );
    expect(violations.slice(0, 20), `seed ${SEED}: ${violations.length} violations`).toEqual([]);
    expect(byStatus.get(401) ?? 0).toBeGreaterThan(API_CASES / 4);
    expect(refusedWithoutCredential).toBeGreaterThan(API_CASES / 4);
    expect(wrongScope).toBeGreaterThan(20);
    expect(byStatus.get(200) ?? 0).toBeGreaterThan(50);
    expect(byStatus.get(400) ?? 0).toBeGreaterThan(20);
    // Nothing on Object.prototype: the server runs in this process, so pollution would show here.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(
      [...shapeViolations.values()],
      "every error answer, from every endpoint, is { error: { code, message } } JSON",
    ).toEqual([]);
  });

  // Found by the fuzz; the smallest deliveries that show it.
  it("treats a status or conclusion named like an Object.prototype member as unknown, not as a status", async () => {
    const cases: [string, (wj: Record<string, unknown> & { steps: Record<string, unknown>[] }) => void][] = [
      ["conclusion: constructor", (wj) => (wj.conclusion = "constructor")],
      ["conclusion: __proto__", (wj) => (wj.conclusion = "__proto__")],
      ["status: toString", (wj) => (wj.status = "toString")],
      ["steps[0].conclusion: constructor", (wj) => (wj.steps[0]!.conclusion = "constructor")],
    ];
    const problems: string[] = [];
    for (const [index, [what, edit]] of cases.entries()) {
      const body = JSON.parse(fixture("github/workflow_job.completed.2.json").toString("utf8"));
      body.workflow_job.id = 777_000_800 + index;
      edit(body.workflow_job);
      const response = await postGithub(server.url, JSON.stringify(body));
      if (response.status !== 202 && response.status !== 400) {
        problems.push(`${what}: ${response.status} ${await response.text()}`);
        continue;
      }
      if (response.status === 202) acceptedJobDeliveries++;
      const job = await server.store.getJob(`github:${777_000_800 + index}`);
      const issues = job ? storedJobSchema.safeParse(job).error?.issues : undefined;
      if (issues)
        problems.push(`${what}: stored ${issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
    }
    expect(problems).toEqual([]);
  });

  // Found by the fuzz (stored-job check below); the smallest delivery that shows it.
  it("stores no finish time for a job that has not finished", async () => {
    const body = JSON.parse(fixture("github/workflow_job.queued.1.json").toString("utf8"));
    body.workflow_job.id = 777_000_778;
    body.workflow_job.completed_at = "2021-08-05T10:38:16Z";
    expect((await postGithub(server.url, JSON.stringify(body))).status).toBe(202);
    acceptedJobDeliveries++;
    const job = await server.store.getJob("github:777000778");
    expect(job?.status).toBe("queued");
    expect(job?.finishedAt).toBeNull();
  });

  // The fuzz above found these; each is the smallest request that shows it.
  it("answers with the JSON error shape even when the HTTP layer refuses the request", async () => {
    const cases: [string, string, RequestInit?][] = [
      ["malformed percent-encoding in the path (FST_ERR_BAD_URL)", "/api/v1/jobs/%zz"],
      ["path parameter over maxParamLength (FST_ERR_MAX_PARAM_LENGTH)", `/api/v1/jobs/${"a".repeat(101)}`],
      [
        "headers over the 16 KiB limit (Node's clientError)",
        "/healthz",
        { headers: { "x-pad": "a".repeat(20_000) } },
      ],
    ];
    const problems: string[] = [];
    for (const [what, path, init] of cases) {
      const answer = await send(`${server.url}${path}`, init ?? {});
      if (answer.status < 400 || answer.status >= 500) problems.push(`${what}: status ${answer.status}`);
      for (const problem of shapeProblems(answer))
        problems.push(`${what}: ${problem}: ${answer.status} ${answer.text.slice(0, 160)}`);
    }
    expect(problems).toEqual([]);
  });

  it("stored only valid jobs, no more than it accepted, kept the audit chain, and is still up", async () => {
    reportSeed();
    const jobs: Job[] = [];
    let cursor: string | undefined;
    do {
      const page = await server.store.listJobs({ sort: "created", limit: 200, cursor });
      jobs.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const invalid = jobs
      .map((job) => ({ job, result: storedJobSchema.safeParse(job) }))
      .filter(({ result }) => !result.success)
      .map(({ job, result }) => ({
        id: job.id,
        issues: result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
        job: JSON.stringify(job).slice(0, 600),
      }));
    console.log(`stored jobs: ${jobs.length}; accepted workflow_job deliveries: ${acceptedJobDeliveries}`);
    expect(invalid.slice(0, 5), `seed ${SEED}: ${invalid.length} invalid stored jobs`).toEqual([]);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
    expect(jobs.length).toBeGreaterThan(100);
    expect(jobs.length).toBeLessThanOrEqual(acceptedJobDeliveries);

    expect(await server.store.verifyAudit()).toMatchObject({ ok: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});

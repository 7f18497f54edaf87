/**
 * Mutations of a GitHub delivery: structural ones on the JSON tree, byte ones on the raw body.
 */
import { collectObjects, type Node, num, serialise, str, targetSlots, toNode, typeOf } from "./json-tree";
import type { Random } from "../../../lib/random";

/** RUNWATCH_BODY_LIMIT default: 1 MiB. */
export const BODY_LIMIT = 1024 * 1024;

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
  // Past the last moment a Date can hold (±8.64e15 ms), and the last of year 9999: for ms timestamps.
  "8640000000000001",
  "253402300800000",
];

/** Links a browser would run, in the disguises it still reads (issue 15): every one must be stored as no link. */
export const BAD_LINKS = [
  "javascript:alert(document.cookie)",
  "JAVASCRIPT:alert(1)",
  " \t\u0001javascript:alert(1)",
  "java\nscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "DATA:text/html;base64,PHNjcmlwdD4=",
  "vbscript:msgbox(1)",
  "file:///etc/passwd",
  "//evil.example/x",
];

/** Times no CI event has (issue 15): before 2000, or far ahead; as ISO text and as ms since the epoch. */
const IMPLAUSIBLE_TIMES = [
  "0000-01-01T00:00:00Z",
  "1970-01-01T00:00:00Z",
  "1999-12-31T23:59:59.999Z",
  "2999-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "9999-12-31T23:59:59.999-23:59",
];
const IMPLAUSIBLE_MS = ["1", "946684799999", "32503680000000", "253402214400000"];

const LINK_KEY = /(?:^|\.)(?:html_url|web_url|full_url|url|homepage)$/;
const TIME_KEY = /(?:_at|At|timestamp)$/;

const DANGEROUS_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "hasOwnProperty",
  "toString",
  "valueOf",
  "__defineGetter__",
];

export function randomNode(rng: Random, depth = 0, not?: string): Node {
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
function hugeString(rng: Random, bytes: number): string {
  const unit = rng.pick(["x", "é", "🔥", "\\", '"', "ab\u0000", "€", "\ud800"]);
  const unitBytes = Buffer.byteLength(JSON.stringify(unit)) - 2;
  return unit.repeat(Math.floor(bytes / unitBytes));
}

/** Structural mutations: they edit the tree, so the body stays (mostly) well-formed JSON. */
export const TREE_MUTATIONS = {
  typeSwap(rng: Random, root: Node): string {
    const slots = targetSlots(root);
    if (slots.length === 0) return "typeSwap(none)";
    const slot = rng.pick(slots);
    slot.set(randomNode(rng, 0, typeOf(slot.node)));
    return `typeSwap(${slot.path})`;
  },
  deleteField(rng: Random, root: Node): string {
    const slots = targetSlots(root);
    if (slots.length === 0) return "deleteField(none)";
    const slot = rng.pick(slots);
    slot.remove();
    return `deleteField(${slot.path})`;
  },
  numberEdge(rng: Random, root: Node): string {
    const slots = targetSlots(root).filter((s) => typeOf(s.node) === "number");
    if (slots.length === 0) return "numberEdge(none)";
    const slot = rng.pick(slots);
    const value = rng.pick(WEIRD_NUMBERS);
    slot.set(num(value));
    return `numberEdge(${slot.path}=${value})`;
  },
  weirdString(rng: Random, root: Node): string {
    const slots = targetSlots(root).filter((s) => typeOf(s.node) === "string");
    if (slots.length === 0) return "weirdString(none)";
    const slot = rng.pick(slots);
    slot.set(str(rng.pick(WEIRD_STRINGS)));
    return `weirdString(${slot.path})`;
  },
  duplicateKey(rng: Random, root: Node): string {
    const objects: Extract<Node, { kind: "object" }>[] = [];
    collectObjects(root, objects);
    const target = rng.pick(objects.filter((o) => o.entries.length > 0));
    const [key] = rng.pick(target.entries);
    const at = rng.chance(0.5) ? 0 : target.entries.length;
    target.entries.splice(at, 0, [key, randomNode(rng)]);
    return `duplicateKey(${key}@${at === 0 ? "first" : "last"})`;
  },
  dangerousKey(rng: Random, root: Node): string {
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
  hugeString(rng: Random, root: Node): string {
    const slots = targetSlots(root).filter((s) => s.node.kind === "scalar");
    if (slots.length === 0) return "hugeString(none)";
    const slot = rng.pick(slots);
    // 100 KB–900 KB (the fixtures are under 25 KB, so the body stays under the 1 MiB limit),
    // and now and then just over the limit.
    const bytes = rng.chance(0.9) ? rng.int(100_000, 900_000) : rng.int(BODY_LIMIT, BODY_LIMIT + 300_000);
    slot.set(str(hugeString(rng, bytes)));
    return `hugeString(${slot.path},${bytes})`;
  },
  hugeArray(rng: Random, root: Node): string {
    const slots = targetSlots(root).filter((s) => /labels|steps/.test(s.path) && s.node.kind === "array");
    const slot = slots.length > 0 ? rng.pick(slots) : rng.pick(targetSlots(root));
    const n = rng.int(5_000, 60_000);
    slot.set({ kind: "array", items: Array.from({ length: n }, (_, i) => str(`l${i % 7}`)) });
    return `hugeArray(${slot.path},${n})`;
  },
  nest(rng: Random, root: Node): string {
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
  /** A vendor link (any `*url` field) set to a scheme a browser would run: stored as no link, never refused for it. */
  badLink(rng: Random, root: Node): string {
    const slots = targetSlots(root).filter((s) => LINK_KEY.test(s.path) && typeOf(s.node) === "string");
    if (slots.length === 0) return "badLink(none)";
    const slot = rng.pick(slots);
    const link = rng.pick(BAD_LINKS);
    slot.set(str(link));
    return `badLink(${slot.path}=${JSON.stringify(link)})`;
  },
  /** A time field set before 2000 or far ahead: the delivery is refused (400), nothing stored. */
  implausibleTime(rng: Random, root: Node): string {
    const slots = targetSlots(root).filter((s) => TIME_KEY.test(s.path) && s.node.kind === "scalar");
    if (slots.length === 0) return "implausibleTime(none)";
    const slot = rng.pick(slots);
    const value = typeOf(slot.node) === "number" ? rng.pick(IMPLAUSIBLE_MS) : rng.pick(IMPLAUSIBLE_TIMES);
    slot.set(typeOf(slot.node) === "number" ? num(value) : str(value));
    return `implausibleTime(${slot.path}=${value})`;
  },
  /** Plausible edits a real GitHub could send: the body stays valid, only the story changes. */
  plausible(rng: Random, root: Node): string {
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
} satisfies Record<string, (rng: Random, root: Node) => string>;

/** Byte mutations: they act on the raw body, so most bodies stop being JSON (or UTF-8). */
export const BYTE_MUTATIONS = {
  truncate(rng: Random, body: Buffer): [Buffer, string] {
    const at = rng.int(0, Math.max(0, body.length - 1));
    return [body.subarray(0, at), `truncate(${at})`];
  },
  bitFlip(rng: Random, body: Buffer): [Buffer, string] {
    const out = Buffer.from(body);
    const flips = rng.int(1, 16);
    for (let i = 0; i < flips && out.length > 0; i++) {
      const at = rng.int(0, out.length - 1);
      out[at] = out[at]! ^ (1 << rng.int(0, 7));
    }
    return [out, `bitFlip(${flips})`];
  },
  insertBytes(rng: Random, body: Buffer): [Buffer, string] {
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
  deleteBytes(rng: Random, body: Buffer): [Buffer, string] {
    let out = body;
    const times = rng.int(1, 5);
    for (let i = 0; i < times && out.length > 0; i++) {
      const at = rng.int(0, out.length - 1);
      out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + rng.int(1, 64)))]);
    }
    return [out, `deleteBytes(${times})`];
  },
  invalidUtf8(rng: Random, body: Buffer): [Buffer, string] {
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
  bom(_rng: Random, body: Buffer): [Buffer, string] {
    return [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]), "bom"];
  },
} satisfies Record<string, (rng: Random, body: Buffer) => [Buffer, string]>;

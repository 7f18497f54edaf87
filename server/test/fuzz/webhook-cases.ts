/**
 * Random webhook deliveries built from the recorded fixtures, and the answers each may get.
 */
import { fixture, fixtureNames } from "../helpers";
import { num, serialise, toNode } from "./json-tree";
import { BODY_LIMIT, BYTE_MUTATIONS, TREE_MUTATIONS } from "./mutations";
import type { Random } from "../../../lib/random";
import { headerBytes } from "./header-text";
import { type SignatureVariant, VALID_SIGNATURES } from "./signatures";

export const FIXTURES = fixtureNames("github", "").map((name) => ({
  name,
  event: name.split(".")[0]!,
  bytes: fixture(`github/${name}`),
  json: JSON.parse(fixture(`github/${name}`).toString("utf8")) as unknown,
}));

export const JSON_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/vnd.github+json",
  "Application/JSON",
];
export const WRONG_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=----fuzz",
  null, // no Content-Type at all
  "application/xml",
  "text/json",
  "application/jsonp",
  "*/*",
];

export interface WebhookCase {
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

export function makeWebhookCase(rng: Random, index: number): WebhookCase {
  const source = rng.pick(FIXTURES);
  const mutations: string[] = [];
  let body: Buffer;
  let mustStore: string | undefined;
  const kind = rng.weightedKey({
    pristine: 8,
    tree: 50,
    bytes: 34,
    treeThenBytes: 6,
    empty: 1,
    notObject: 1,
  });
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
          const name = rng.weightedKey({
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
            badLink: 4,
            implausibleTime: 4,
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
        const name = rng.weightedKey({
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
              : headerBytes(rng, rng.int(1, 60));
  const dRoll = rng.next();
  const delivery = dRoll < 0.94 ? rng.uuid() : dRoll < 0.97 ? null : headerBytes(rng, rng.int(100, 600));
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
export function parseObject(body: Buffer): Record<string, unknown> | null {
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
export function allowedStatuses(c: WebhookCase): number[] {
  if (c.body.length > BODY_LIMIT) return [413];
  if (c.contentType === null || !JSON_TYPES.includes(c.contentType)) return [415];
  if (!VALID_SIGNATURES.has(c.signature)) return [401];
  if (c.event === null || !(c.jsonObject ?? parseObject(c.body) !== null)) return [400];
  if (c.event === "ping") return [200];
  // Events Runwatch reads are validated (400 names the bad field); the rest are stored and ignored.
  if (c.event !== "workflow_job" && c.event !== "workflow_run") return [202];
  return c.mustStore ? [202] : [202, 400];
}

export const describeCase = (c: WebhookCase) =>
  `#${c.index} ${c.fixture} [${c.mutations.join(" + ")}] ct=${c.contentType} sig=${c.signature} ` +
  `event=${JSON.stringify(c.event)} bytes=${c.body.length} head=${JSON.stringify(c.body.subarray(0, 80).toString("latin1"))}`;

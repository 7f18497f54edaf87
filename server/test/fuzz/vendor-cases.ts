/**
 * Random deliveries to the GitLab, Buildkite, Jenkins and generic endpoints, built from
 * the real fixtures, and the answers each may get — decided from the request and the
 * vendors' contracts (test/fixtures/README.md, docs/webhooks.md), never from the server's code.
 */
import { serialise } from "./json-tree";
import { BODY_LIMIT, BYTE_MUTATIONS, TREE_MUTATIONS } from "./mutations";
import { Random } from "../../../lib/random";
import { headerBytes } from "./header-text";
import { type AuthVariant, pickAuth } from "./vendor-signatures";
import { type Expected, seedTree, type Vendor } from "./vendors";
import { JSON_TYPES, parseObject, WRONG_TYPES } from "./webhook-cases";

/** Content types every vendor may send: GitHub's list plus the Jenkins plugin's. */
export const VENDOR_JSON_TYPES = [...JSON_TYPES, "application/json;charset=UTF-8"];

export interface VendorCase {
  vendor: Vendor;
  index: number;
  seed: string;
  mutations: string[];
  body: Buffer;
  contentType: string | null;
  auth: AuthVariant;
  /** Value of the vendor's event header; null: not sent. */
  event: string | null;
  /** Value of the vendor's delivery-id header; null: not sent. */
  delivery: string | null;
  /** Standard Webhooks `webhook-id` (GitLab signatures). */
  webhookId: string;
  /** What the seed stores once accepted (ids are fresh when `fresh`). */
  expected: Expected;
  fresh: boolean;
  /** The body is the seed's JSON value, unchanged (maybe padded with whitespace). */
  pristine: boolean;
  /** The pristine body (fresh ids and all) this case's body was made from. */
  original: Buffer;
}

/** One PRNG per case, so any case replays alone and concurrency cannot reorder draws. */
export const caseRng = (seed: number, vendor: number, index: number) =>
  new Random((Math.imul(seed ^ 0x9e3779b9, 2654435761) + Math.imul(vendor + 1, 40503) + index * 7919) >>> 0);

const isUuid = (s: string | null) => s !== null && /^[0-9a-f]{8}-[0-9a-f-]{27}$/.test(s);

function pickEvent(rng: Random, vendor: Vendor, seedEvent: string | null): string | null {
  if (vendor.eventHeader === null) return null;
  const gitlab = vendor.source === "gitlab";
  const kind = rng.weightedKey({
    seed: gitlab ? 78 : 60,
    absent: gitlab ? 4 : 15,
    other: 7,
    unread: 4,
    empty: 3,
    text: 3,
    bytes: 3,
  });
  switch (kind) {
    case "seed":
      return seedEvent;
    case "absent":
      return null;
    case "other":
      return rng.pick(vendor.seeds.map((s) => s.event).filter((e) => e !== null && e !== seedEvent));
    case "unread":
      return rng.pick(
        gitlab
          ? ["Push Hook", "Deployment Hook", "System Hook", "Merge Request Hook"]
          : ["agent.blocked", "cluster_token.registration_blocked", "build.skipped"],
      );
    case "empty":
      return "";
    case "text":
      return rng.text(rng.int(1, 40));
    default:
      return headerBytes(rng, rng.int(1, 60));
  }
}

function pickDelivery(rng: Random, vendor: Vendor): string | null {
  if (vendor.deliveryHeader === null) return null;
  const kind = rng.weightedKey({ uuid: 80, absent: 10, blank: 2, long: 4, max: 2, bytes: 2 });
  if (kind === "uuid") return rng.uuid();
  if (kind === "absent") return null;
  if (kind === "blank") return "   ";
  if (kind === "long") return rng.text(rng.int(201, 600));
  if (kind === "max") return rng.text(200);
  return headerBytes(rng, rng.int(1, 150));
}

export function makeVendorCase(vendor: Vendor, vendorIndex: number, seedNumber: number, index: number) {
  const rng = caseRng(seedNumber, vendorIndex, index);
  const seed = rng.pick(vendor.seeds);
  const root = seedTree(seed);
  const fresh = rng.chance(0.8);
  const expected = vendor.freshen(rng, root, seed, fresh);
  const original = Buffer.from(serialise(root));
  const mutations: string[] = [];
  let body: Buffer;
  let pristine = false;
  const kind = rng.weightedKey({
    pristine: 8,
    tree: 50,
    bytes: 32,
    treeThenBytes: 6,
    empty: 1,
    notObject: 1,
    overLimit: 1,
    atLimit: 0.5,
  });
  if (kind === "pristine" || kind === "atLimit" || kind === "overLimit") {
    body = original;
    pristine = kind !== "overLimit";
    if (kind !== "pristine") {
      // Whitespace keeps the JSON value: only the size differs from a pristine delivery.
      const pad = BODY_LIMIT - body.length + (kind === "atLimit" ? 0 : rng.int(1, 100_000));
      body = Buffer.concat([Buffer.from(" ".repeat(pad)), body]);
    }
    mutations.push(kind);
  } else if (kind === "empty") {
    body = Buffer.alloc(0);
    mutations.push("empty");
  } else if (kind === "notObject") {
    const text = rng.pick(["[]", "[1,2,3]", '"job"', "42", "null", "true", "{}", "[{}]", " ", "\n"]);
    mutations.push(`notObject(${JSON.stringify(text)})`);
    body = Buffer.from(text);
  } else {
    if (kind !== "bytes") {
      for (let i = 0, n = rng.chance(0.25) ? 2 : 1; i < n; i++) {
        const name = rng.weightedKey({
          typeSwap: 30,
          deleteField: 8,
          numberEdge: 12,
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
        mutations.push(name === "plausible" ? vendor.plausible(rng, root) : TREE_MUTATIONS[name](rng, root));
      }
      body = Buffer.from(serialise(root));
      if (body.length > 2 * BODY_LIMIT) {
        mutations.push("trimmed");
        body = Buffer.from(serialise(seedTree(seed)));
      }
    } else body = Buffer.from(serialise(root));
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
  const contentType = rng.chance(0.92) ? rng.pick(VENDOR_JSON_TYPES) : rng.pick(WRONG_TYPES);
  const event = pickEvent(rng, vendor, seed.event);
  const delivery = pickDelivery(rng, vendor);
  const c: VendorCase = {
    vendor,
    index,
    seed: seed.name,
    mutations,
    body,
    contentType,
    auth: pickAuth(rng, vendor.auth),
    event,
    delivery,
    webhookId: rng.uuid(),
    expected,
    fresh,
    pristine,
    original,
  };
  return { c, rng };
}

const own = (body: Record<string, unknown>, key: string) =>
  Object.hasOwn(body, key) ? body[key] : undefined;
const nonEmpty = (value: unknown) => (typeof value === "string" && value.length > 0 ? value : null);

/** The answers a case may get, and whether it must store what its seed reports (`expected`). */
export interface Verdict {
  allowed: number[];
  stores: boolean;
}

/**
 * Layers in order: size (413), media type (415), authenticity (401), a JSON object (400),
 * then each vendor's contract. Only a pristine body with the seed's own event must store.
 */
export function verdict(c: VendorCase): Verdict {
  const only = (...allowed: number[]) => ({ allowed, stores: false });
  if (c.body.length > BODY_LIMIT) return only(413);
  if (c.contentType === null || !VENDOR_JSON_TYPES.includes(c.contentType)) return only(415);
  if (!c.auth.valid) return only(401);
  const body = parseObject(c.body);
  if (body === null) return only(400);
  const settled = (event: string | null) =>
    c.pristine && event === seedEvent(c) ? { allowed: [202], stores: true } : only(202, 400);
  switch (c.vendor.source) {
    case "gitlab":
      // The event header is required; only Job Hook and Pipeline Hook are read, the rest stored and ignored.
      if (!c.event) return only(400);
      if (c.event !== "Job Hook" && c.event !== "Pipeline Hook") return only(202);
      return settled(c.event);
    case "buildkite": {
      // The event is the header's or the body's `event`; when both are given they must agree.
      const inBody = nonEmpty(own(body, "event"));
      if (c.event && inBody !== null && c.event !== inBody) return only(400);
      const event = c.event || inBody;
      if (event === null) return only(400);
      if (event === "ping") return only(200);
      return settled(event);
    }
    case "jenkins":
      return settled(null);
    case "generic":
      // X-Runwatch-Delivery is a dedupe key of at most 200 characters.
      if (c.delivery !== null && c.delivery.trim().length > 200) return only(400);
      return settled(null);
  }
}

export const seedEvent = (c: VendorCase) => c.vendor.seeds.find((s) => s.name === c.seed)?.event ?? null;

/** True when a 202 for this case must not be a duplicate: its delivery key has never been sent. */
export function isFreshDelivery(c: VendorCase): boolean {
  if (c.vendor.source === "gitlab" || c.vendor.source === "generic") return isUuid(c.delivery);
  // Buildkite and Jenkins dedupe on keys derived from the body: new ids, new key.
  return c.fresh && c.pristine;
}

export const describeVendorCase = (c: VendorCase) =>
  `${c.vendor.source} #${c.index} ${c.seed} [${c.mutations.join(" + ")}] ct=${c.contentType} ` +
  `auth=${c.auth.name} event=${JSON.stringify(c.event)} delivery=${JSON.stringify(c.delivery?.slice(0, 60))} ` +
  `bytes=${c.body.length} head=${JSON.stringify(c.body.subarray(0, 120).toString("latin1"))}`;

/**
 * The signed evidence bundle for a period, as a stream of tar bytes (the
 * caller gzips it): evidence.json, audit.jsonl, chain-proof.json, keys.json,
 * settings.json, public-key.pem, SHA256SUMS, then manifest.json (every
 * other file's size and SHA-256, except the signature) and manifest.sig
 * (Ed25519 over manifest.json's bytes, base64).
 *
 * Memory stays flat however long the period: the audit log is read page by
 * page twice — once to size and hash audit.jsonl (a tar header comes before
 * its file), once to send it. Both passes stop at the head taken at the
 * start, so entries appended meanwhile cannot make them differ.
 */
import { createHash, sign } from "node:crypto";
import type { AuditCheckpoint, AuditEntry, AuditVerification } from "../../lib/auth";
import type { BundleManifest, BundlePeriod } from "../../lib/evidence-bundle";
import { auditJsonLine } from "../domain/audit-export";
import type { EvidenceSigningKey } from "../runtime/evidence-signing-key";
import { tarEnd, tarHeader, tarPadding } from "../runtime/tar";
import type { Store } from "../store/store";
import { chainProof, keysListing, redactSettings, type PeriodChain } from "./bundle-files";
import { collectEvidence } from "./evidence";
import type { EvidenceDeps } from "./evidence-deps";

/** Entries read per page of the audit log. */
const PAGE = 500;

/** What a bundle is made from. */
export interface BundleDeps {
  evidence: EvidenceDeps;
  store: Pick<Store, "readAuditAfter" | "auditHead" | "listApiKeys">;
  /** The settings in force; secrets are redacted here, whatever their shape. */
  settings: object;
  signingKey: EvidenceSigningKey;
  /** The latest checkpoint of the audit chain kept outside the database (null: none yet). */
  latestCheckpoint: () => Promise<AuditCheckpoint | null>;
  /** Verifies the whole chain against that checkpoint. */
  verifyAudit: () => Promise<AuditVerification>;
}

const json = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, "utf8");
const sha256 = (data: Buffer): string => createHash("sha256").update(data).digest("hex");

/**
 * The period's entries: the contiguous run of the chain (so its links
 * re-verify) from the first entry at or after `from` up to, not including,
 * the first one at or after `to`, and never past `headSeq`. Clocks of
 * several writers may put an entry's time slightly before its predecessor's;
 * the run is still cut by `seq`, never filtered.
 */
async function* periodEntries(
  read: BundleDeps["store"]["readAuditAfter"],
  period: BundlePeriod,
  headSeq: number,
  onBefore: (entry: AuditEntry) => void = () => {},
): AsyncGenerator<AuditEntry> {
  let after = Number.MIN_SAFE_INTEGER;
  let started = false;
  for (;;) {
    const page = await read(after, PAGE);
    for (const entry of page) {
      if (entry.seq > headSeq) return;
      const at = Date.parse(entry.at);
      if (at >= period.to) return;
      started ||= at >= period.from;
      if (started) yield entry;
      else onBefore(entry);
    }
    const last = page.at(-1);
    if (!last || page.length < PAGE) return;
    after = last.seq;
  }
}

/** First pass: audit.jsonl's size, hash and chain facts. */
async function scanPeriod(
  read: BundleDeps["store"]["readAuditAfter"],
  period: BundlePeriod,
  headSeq: number,
): Promise<{ bytes: number; sha256: string; chain: PeriodChain }> {
  const hash = createHash("sha256");
  let bytes = 0;
  let before: PeriodChain["before"] = null;
  const chain: PeriodChain = { before: null, first: null, last: null, entries: 0 };
  for await (const entry of periodEntries(read, period, headSeq, (e) => (before = e))) {
    const line = Buffer.from(auditJsonLine(entry), "utf8");
    hash.update(line);
    bytes += line.length;
    chain.first ??= { seq: entry.seq, prevHash: entry.prevHash };
    chain.last = { seq: entry.seq, hash: entry.hash };
    chain.entries++;
  }
  const prior = before as PeriodChain["before"];
  if (chain.first && prior) chain.before = { seq: prior.seq, hash: prior.hash };
  return { bytes, sha256: hash.digest("hex"), chain };
}

/** One small file: header, bytes, padding. */
function* smallFile(name: string, data: Buffer, mtime: number): Generator<Buffer> {
  yield tarHeader(name, data.length, mtime);
  yield data;
  yield tarPadding(data.length);
}

/** The bundle for `period`, made at `now`, as uncompressed tar chunks. */
export async function* evidenceBundle(
  deps: BundleDeps,
  period: BundlePeriod,
  now: number,
): AsyncGenerator<Buffer> {
  const head = await deps.store.auditHead();
  const read = deps.store.readAuditAfter.bind(deps.store);
  const audit = await scanPeriod(read, period, head.seq);
  const small = new Map<string, Buffer>([
    ["evidence.json", json(await collectEvidence(deps.evidence, period.window))],
    [
      "chain-proof.json",
      json(
        chainProof({
          head,
          period: audit.chain,
          checkpoint: await deps.latestCheckpoint(),
          verification: await deps.verifyAudit(),
        }),
      ),
    ],
    ["keys.json", json(keysListing(await deps.store.listApiKeys()))],
    ["settings.json", json(redactSettings(deps.settings))],
    ["public-key.pem", Buffer.from(deps.signingKey.publicKeyPem, "utf8")],
  ]);
  const files: BundleManifest["files"] = [
    { name: "evidence.json", bytes: 0, sha256: "" },
    { name: "audit.jsonl", bytes: audit.bytes, sha256: audit.sha256 },
    ...["chain-proof.json", "keys.json", "settings.json", "public-key.pem"].map((name) => ({
      name,
      bytes: 0,
      sha256: "",
    })),
  ].map((file) => {
    const data = small.get(file.name);
    return data ? { name: file.name, bytes: data.length, sha256: sha256(data) } : file;
  });
  const sums = Buffer.from(files.map((f) => `${f.sha256}  ${f.name}\n`).join(""), "utf8");
  const manifest: BundleManifest = {
    format: "runwatch-evidence-bundle/1",
    period: { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() },
    generatedAt: new Date(now).toISOString(),
    publicKeyFingerprint: deps.signingKey.fingerprint,
    files: [...files, { name: "SHA256SUMS", bytes: sums.length, sha256: sha256(sums) }],
  };
  const manifestBytes = json(manifest);
  const signature = sign(null, manifestBytes, deps.signingKey.privateKey).toString("base64");

  yield* smallFile("evidence.json", small.get("evidence.json") ?? Buffer.alloc(0), now);
  yield tarHeader("audit.jsonl", audit.bytes, now);
  // Second pass: the same entries (bounded by the same head), sent as read.
  let sent = 0;
  for await (const entry of periodEntries(read, period, head.seq)) {
    const line = Buffer.from(auditJsonLine(entry), "utf8");
    sent += line.length;
    yield line;
  }
  // Only an edit of the stored log between the passes can get here; stop rather than send a lie.
  if (sent !== audit.bytes) throw new Error("the audit log changed while the bundle was written");
  yield tarPadding(audit.bytes);
  for (const name of ["chain-proof.json", "keys.json", "settings.json", "public-key.pem"]) {
    yield* smallFile(name, small.get(name) ?? Buffer.alloc(0), now);
  }
  yield* smallFile("SHA256SUMS", sums, now);
  yield* smallFile("manifest.json", manifestBytes, now);
  yield* smallFile("manifest.sig", Buffer.from(`${signature}\n`, "utf8"), now);
  yield tarEnd();
}

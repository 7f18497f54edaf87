/**
 * Offline verification of an evidence bundle, as `runwatch evidence verify`
 * runs it: the archive reads, every expected file is there and no other,
 * manifest.sig is an Ed25519 signature of manifest.json under
 * public-key.pem (whose fingerprint the manifest names), and every file
 * has the size and SHA-256 the manifest lists. The first failure names its file.
 */
import { createHash, createPublicKey, verify, type KeyObject } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { BUNDLE_FILES, type BundleManifest } from "../../lib/evidence-bundle";
import { readTar, type TarFile } from "../runtime/tar";

/** The verdict: intact (with the manifest), or the file that fails and why. */
export type BundleVerification =
  { ok: true; manifest: BundleManifest; fingerprint: string } | { ok: false; file: string; reason: string };

const sha256 = (data: Buffer): string => createHash("sha256").update(data).digest("hex");

function fail(file: string, reason: string): BundleVerification {
  return { ok: false, file, reason };
}

function fingerprintOf(key: KeyObject): string {
  return sha256(key.export({ type: "spki", format: "der" }));
}

/**
 * Verifies `archive` (the .tar.gz bytes). With `trustedPublicKeyPem` (the key
 * /evidence shows), the bundle's own public-key.pem must be that key.
 */
export function verifyBundle(archive: Buffer, trustedPublicKeyPem?: string): BundleVerification {
  let entries: TarFile[];
  try {
    entries = readTar(gunzipSync(archive));
  } catch (error) {
    return fail("(archive)", `not a readable .tar.gz: ${(error as Error).message}`);
  }
  const files = new Map(entries.map((f) => [f.name, f.data]));
  const extra = entries.find((f) => !(BUNDLE_FILES as readonly string[]).includes(f.name));
  if (extra) return fail(extra.name, "not part of an evidence bundle");
  const missing = BUNDLE_FILES.find((name) => !files.has(name));
  if (missing) return fail(missing, "missing from the archive");
  const get = (name: string) => files.get(name) ?? Buffer.alloc(0);

  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(get("public-key.pem").toString("utf8"));
    if (publicKey.asymmetricKeyType !== "ed25519") throw new Error("not an Ed25519 key");
  } catch (error) {
    return fail("public-key.pem", `not an Ed25519 public key (${(error as Error).message})`);
  }
  const fingerprint = fingerprintOf(publicKey);
  if (
    trustedPublicKeyPem !== undefined &&
    fingerprintOf(createPublicKey(trustedPublicKeyPem)) !== fingerprint
  ) {
    return fail("public-key.pem", "is not the trusted public key given");
  }
  const sigText = get("manifest.sig").toString("utf8").replace(/\n$/, "");
  const signature = Buffer.from(sigText, "base64");
  // Lenient base64 decoders ignore stray characters and low bits: insist on the canonical text.
  if (signature.length !== 64 || signature.toString("base64") !== sigText) {
    return fail("manifest.sig", "not a base64 Ed25519 signature");
  }
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(get("manifest.json").toString("utf8")) as BundleManifest;
  } catch {
    return fail("manifest.json", "not JSON");
  }
  if (!verify(null, get("manifest.json"), publicKey, signature)) {
    return manifest.publicKeyFingerprint !== fingerprint
      ? fail("public-key.pem", "does not match the fingerprint manifest.json names, nor the signature")
      : fail(
          "manifest.json",
          "the signature in manifest.sig does not verify (manifest.json or manifest.sig changed)",
        );
  }
  for (const name of BUNDLE_FILES) {
    if (name === "manifest.json" || name === "manifest.sig") continue;
    const listed = manifest.files.find((f) => f.name === name);
    if (!listed) return fail(name, "not listed in manifest.json");
    const data = get(name);
    if (data.length !== listed.bytes || sha256(data) !== listed.sha256) {
      return fail(name, "its SHA-256 differs from manifest.json's");
    }
  }
  return { ok: true, manifest, fingerprint };
}

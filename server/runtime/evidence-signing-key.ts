/**
 * The Ed25519 key that signs evidence bundles' manifests. It lives in
 * `<data dir>/evidence-signing.key` (PKCS8 PEM, mode 0600), generated at
 * first use, never in the database; its public half (SPKI PEM) is shown on
 * /evidence and shipped in every bundle so an auditor can verify offline.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** File name of the signing key inside the data folder. */
export const EVIDENCE_SIGNING_KEY_FILE = "evidence-signing.key";

/** The signing key and its public half. */
export interface EvidenceSigningKey {
  privateKey: KeyObject;
  /** SPKI PEM, with its final line break. */
  publicKeyPem: string;
  /** SHA-256 of the public key's DER bytes, hex: what to compare by eye or phone. */
  fingerprint: string;
}

/**
 * The key in `dataDir`, created (0600) when absent. Two processes at once
 * agree on one key (the file is created exclusively; the loser reads the winner's).
 * @throws Error when the file exists but does not hold an Ed25519 private key.
 */
export function loadEvidenceSigningKey(dataDir: string): EvidenceSigningKey {
  const file = path.join(dataDir, EVIDENCE_SIGNING_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  const { privateKey: fresh } = generateKeyPairSync("ed25519");
  try {
    fs.writeFileSync(file, fresh.export({ type: "pkcs8", format: "pem" }), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const privateKey = createPrivateKey(fs.readFileSync(file, "utf8"));
  if (privateKey.asymmetricKeyType !== "ed25519") {
    throw new Error(`${file} does not hold an Ed25519 private key (PKCS8 PEM); restore it from a backup`);
  }
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: "spki", format: "der" });
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    fingerprint: createHash("sha256").update(der).digest("hex"),
  };
}

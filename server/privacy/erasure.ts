/**
 * GDPR erasure (article 17) as a service, shared by `runwatch privacy erase`
 * and `POST /api/v1/privacy/erasures`: find who the person is in the stored
 * payloads, replace them with a stable pseudonym everywhere, and record it in
 * the audit log as `privacy.erased` with the counts and a keyed hash of the
 * person — never the person in clear, or the audit log would keep what was
 * erased.
 */
import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ErasurePlan } from "../domain/pseudonymise";
import type { AuditStore, ErasureCounts, MetricsStore, PrivacyStore } from "../store/store";

/** File in the data folder holding the pseudonym key (created with mode 0600 on first use). */
export const PRIVACY_KEY_FILE = "privacy.key";

/** Longest `person` accepted; logins and emails are far shorter. */
export const MAX_PERSON = 320;

/**
 * The key pseudonyms and audit hashes are made with. It is kept outside the
 * database so that someone holding only a copy of the database cannot test
 * candidate names against the pseudonyms.
 */
export function loadPrivacyKey(dataDir: string): Buffer {
  const file = path.join(dataDir, PRIVACY_KEY_FILE);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Already there (another process made it first): use it.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return Buffer.from(fs.readFileSync(file, "utf8").trim(), "hex");
}

const keyed = (key: Buffer, purpose: string, person: string) =>
  createHmac("sha256", key).update(`${purpose}\n${person.trim().toLowerCase()}`).digest("hex");

/** The pseudonyms of a person: the same person always gets the same one on this installation. */
export function pseudonymsOf(key: Buffer, person: string): Pick<ErasurePlan, "pseudonym" | "emailPseudonym"> {
  const prefix = keyed(key, "pseudonym", person).slice(0, 12);
  return { pseudonym: `erased-${prefix}`, emailPseudonym: `erased-${prefix}@erased.invalid` };
}

/** The audit log's name for a person: a keyed hash, so the log proves the request without naming them. */
export const personHash = (key: Buffer, person: string) => keyed(key, "audit", person);

/** What an erasure did. */
export interface ErasureResult {
  /** Rows rewritten per table. */
  touched: ErasureCounts;
  /** The pseudonym the person now appears as. */
  pseudonym: string;
  /** How many aliases (logins, emails, names) of the person were found and erased. */
  aliases: number;
  dryRun: boolean;
}

/** Who asked for an erasure, for the audit log. */
export interface ErasureRequest {
  person: string;
  dryRun?: boolean;
  actor: string;
  ip?: string | null;
  now: number;
}

/**
 * Erases a person; audited unless it is a dry run. Idempotent: a second
 * erasure of the same person touches nothing (and is audited with zeros).
 * Resolves once the roll-ups it dropped are rebuilt under the pseudonym.
 */
export async function erasePerson(
  store: PrivacyStore & AuditStore & Pick<MetricsStore, "refreshMetrics">,
  key: Buffer,
  request: ErasureRequest,
): Promise<ErasureResult> {
  const person = request.person.trim();
  const aliases = await store.findPersonAliases(person);
  const plan: ErasurePlan = { ...aliases, ...pseudonymsOf(key, person) };
  const dryRun = request.dryRun ?? false;
  const touched = await store.erasePerson(plan, { dryRun });
  const found = aliases.logins.size + aliases.emails.size + aliases.names.size;
  if (!dryRun) {
    // A refresh already running may have read the jobs before they were rewritten and write its
    // roll-ups after; the hours the erasure marked stale are rebuilt by the rounds after it.
    while ((await store.refreshMetrics()) > 0);
    await store.appendAudit(
      {
        actor: request.actor,
        action: "privacy.erased",
        ip: request.ip ?? null,
        details: { person_hash: personHash(key, person), pseudonym: plan.pseudonym, aliases: found, touched },
      },
      request.now,
    );
  }
  return { touched, pseudonym: plan.pseudonym, aliases: found, dryRun };
}

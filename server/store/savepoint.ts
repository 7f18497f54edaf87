/**
 * One item of a batch transaction in its own savepoint: when it fails, only
 * its writes are undone and the rest of the batch commits without it.
 */
import { CompiledQuery, type Kysely } from "kysely";
import type { Database } from "./schema";

const SAVEPOINT = CompiledQuery.raw("SAVEPOINT item");
const RELEASE = CompiledQuery.raw("RELEASE item");
const ROLLBACK = CompiledQuery.raw("ROLLBACK TO item");

/** The transaction itself ended while undoing one item (e.g. disk full): the whole batch fails. */
export class TransactionLostError extends Error {
  override name = "TransactionLostError";
}

/**
 * Runs `write` inside a savepoint of the open transaction `trx`; on a throw,
 * rolls the savepoint back and rethrows. When SQLite itself has ended the
 * whole transaction (disk full, I/O error), the rollback fails and a
 * `TransactionLostError` is thrown instead: the caller must fail the batch.
 */
export async function inSavepoint<T>(trx: Kysely<Database>, write: () => Promise<T>): Promise<T> {
  await trx.executeQuery(SAVEPOINT);
  try {
    const result = await write();
    await trx.executeQuery(RELEASE);
    return result;
  } catch (error) {
    try {
      await trx.executeQuery(ROLLBACK);
      await trx.executeQuery(RELEASE);
    } catch (lost) {
      throw new TransactionLostError(`transaction ended: ${String(lost)}`, { cause: error });
    }
    throw error;
  }
}

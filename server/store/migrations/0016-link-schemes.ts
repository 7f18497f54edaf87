/**
 * Migration 0016: links are data, not code. Rows stored before every
 * normaliser checked vendor links (`lib/links.ts`) may hold a `javascript:` or
 * `data:` URL in `data.url`; those become null, as a delivery today stores them.
 */
import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../dialect";

// Cleared: every link not starting with `http:` or `https:` (any case), which no http(s) URL does
// (one stored behind spaces goes too: deliveries now store it without them). A value starting so
// that does not parse stays, harmless: the dashboard makes an href only through `linkHref`.
const TABLES = ["jobs", "runs", "job_observations", "run_observations"] as const;

/** Migration 0016 (non-http links cleared). */
export const migration0016: Migration = {
  async up(db: Kysely<unknown>) {
    // A PostgreSQL store starts empty, every link already checked (and json_set is SQLite's).
    if (isPostgres(db)) return;
    for (const table of TABLES) {
      await sql`UPDATE ${sql.table(table)} SET data = json_set(data, '$.url', json('null'))
        WHERE json_type(data, '$.url') = 'text'
          AND lower(json_extract(data, '$.url')) NOT LIKE 'http:%'
          AND lower(json_extract(data, '$.url')) NOT LIKE 'https:%'`.execute(db);
    }
  },
  // Nothing to undo: a cleared script link is not restored (and later rows would not have it).
  async down() {},
};

/**
 * Vitest global setup: one throwaway PostgreSQL cluster per test run, with a
 * migrated template database each test copies (`CREATE DATABASE … TEMPLATE`,
 * far faster than migrating anew). Without PostgreSQL binaries the PostgreSQL
 * variants of the store tests are skipped with the reason printed, except
 * under `CI=true`, where their absence fails the run.
 */
import { UNDER_CI } from "./test-env";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openPostgresStore } from "../../store/postgres/store";
import { findPostgresBin, startPostgresCluster, type PostgresCluster } from "./postgres";

/** The database every test database is copied from. */
export const TEMPLATE_DATABASE = "runwatch_template";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the migrated template database, or null when PostgreSQL tests are skipped. */
    postgresTemplateUrl: string | null;
    /** Why PostgreSQL tests are skipped (null when they run). */
    postgresSkipReason: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const bin = findPostgresBin();
  if (bin === null) {
    const reason = "PostgreSQL binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or PATH";
    if (UNDER_CI) throw new Error(`${reason}: the store suite must run on PostgreSQL in CI`);
    console.warn(`[runwatch] skipping the PostgreSQL store tests: ${reason}`);
    project.provide("postgresTemplateUrl", null);
    project.provide("postgresSkipReason", reason);
    return () => {};
  }
  const cluster: PostgresCluster = await startPostgresCluster(bin);
  try {
    const admin = new pg.Client({ connectionString: cluster.url("postgres") });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await admin.end();
    // Migrated once here; every test database starts as a copy.
    // Only migrates: the audit key is never used (each test opens its copy with its own data folder's).
    const store = await openPostgresStore(cluster.url(TEMPLATE_DATABASE), { auditKey: randomBytes(32) });
    await store.close();
  } catch (error) {
    cluster.stop();
    throw error;
  }
  project.provide("postgresTemplateUrl", cluster.url(TEMPLATE_DATABASE));
  project.provide("postgresSkipReason", null);
  return () => cluster.stop();
}

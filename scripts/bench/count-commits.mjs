// Preloaded into a server process (`node --import`) by `ingest-load.ts --count-commits`: counts the
// SQLite commits it makes (explicit COMMITs and auto-committed writes), each one fsync under
// WAL + synchronous=FULL, and prints them on stderr at exit as `COMMITS {"commits":…,"autocommits":…}`.
import Database from "better-sqlite3";

const counts = { commits: 0, autocommits: 0 };
const CONTROL = /^\s*(begin|savepoint|release|rollback|pragma)/i;
let patched = false;

function patch(statement) {
  for (const method of ["run", "all", "get", "iterate"]) {
    const original = statement[method];
    statement[method] = function (...args) {
      const wasInTransaction = this.database.inTransaction;
      const result = original.apply(this, args);
      if (/^\s*commit/i.test(this.source)) counts.commits += 1;
      else if (!this.reader && !wasInTransaction && !CONTROL.test(this.source)) counts.autocommits += 1;
      return result;
    };
  }
}

const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (source) {
  const statement = prepare.call(this, source);
  if (!patched) {
    patch(Object.getPrototypeOf(statement));
    patched = true;
  }
  return statement;
};
process.on("exit", () => process.stderr.write(`COMMITS ${JSON.stringify(counts)}\n`));

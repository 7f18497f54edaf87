/**
 * `npm run runwatch -- <command>`: the admin CLI (API keys, audit log).
 * See `scripts/cli/main.ts` for the commands.
 */
import { streamWriter } from "./cli/io";
import { runCli } from "./cli/main";

runCli(process.argv.slice(2), {
  env: process.env,
  out: streamWriter(process.stdout),
  err: streamWriter(process.stderr),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("runwatch:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);

// `npm start`: build the dashboard if needed, then run the server in production mode.
import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT, buildIfNeeded } from "./build-if-needed.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
buildIfNeeded();

const server = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server", "main.ts")], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/**
 * The live benchmark's Runwatch process when there is no dashboard build:
 * `node --import tsx scripts/bench/api-child.ts`, configured by the same
 * environment as `npm start` (PORT, RUNWATCH_*), API, webhooks and Socket.IO
 * on the system clock with the watchdog running, exactly `server/main.ts`
 * less the dashboard and retention. Stops on SIGTERM/SIGINT.
 */
import { startApiServer } from "./server";

const { server } = await startApiServer(process.env);
server.watchdog.start();
const stop = () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

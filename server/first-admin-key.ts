/**
 * Hands the first admin key to the person starting Runwatch. It is printed
 * once, framed, after the start-up log lines (so it does not scroll away
 * in the build output), and written to `<data dir>/first-admin-key`
 * readable by the server's user only, in the manner of Jenkins'
 * `initialAdminPassword`: someone who missed the terminal can still read it
 * on the host, and no one else can.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";

/** The file, in the data folder, that keeps the first admin key. */
export const FIRST_ADMIN_KEY_FILE = "first-admin-key";

/**
 * The framed terminal text announcing `secret`, naming `file` where it is
 * also kept. Pure: the caller prints it.
 */
export function firstAdminKeyBanner(secret: string, file: string): string {
  const lines = [
    "Runwatch created the first admin key. Sign in to the dashboard with it:",
    "",
    `  ${secret}`,
    "",
    `It is shown only this once; it is also kept in ${file}`,
    "(readable by this user only). Delete that file once you have stored the key.",
    "Make more keys with: npm run runwatch -- keys create --name <name> --scope admin",
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const rule = `+${"-".repeat(width + 2)}+`;
  return ["", rule, ...lines.map((line) => `| ${line.padEnd(width)} |`), rule, ""].join("\n") + "\n";
}

/**
 * Writes `secret` to {@link FIRST_ADMIN_KEY_FILE} in `dataDir` with mode
 * 0600 and returns the banner to print. Throws only if the file cannot be
 * written (the data folder is already writable when this runs).
 */
export function keepFirstAdminKey(secret: string, dataDir: string): string {
  const file = path.join(dataDir, FIRST_ADMIN_KEY_FILE);
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return firstAdminKeyBanner(secret, file);
}

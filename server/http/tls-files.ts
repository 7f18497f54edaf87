/**
 * The certificate and key Runwatch serves HTTPS with (`RUNWATCH_TLS_CERT`,
 * `RUNWATCH_TLS_KEY`): read and checked as a pair, and reloaded when either
 * file changes, without a restart. A bad new pair is reported and the old one
 * kept, so a half-finished renewal never takes the dashboard down.
 */
import fs from "node:fs";
import tls from "node:tls";

/** Oldest protocol offered: TLS 1.0 and 1.1 are refused at the handshake. */
export const TLS_MIN_VERSION = "TLSv1.2";

/** Paths of a PEM certificate (chain) and its private key. */
export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

/** What `https.createServer` and `setSecureContext` take: the pair's bytes and the protocol floor. */
export interface TlsOptions {
  cert: Buffer;
  key: Buffer;
  minVersion: typeof TLS_MIN_VERSION;
}

/** A pair that cannot be served: unreadable file, not PEM, or a key that does not match the certificate. */
export class TlsFilesError extends Error {
  override name = "TlsFilesError";
}

/**
 * Reads both files and checks they make a usable pair (OpenSSL refuses a key
 * that does not match the certificate).
 * @throws TlsFilesError naming the file or the mismatch.
 */
export function readTlsFiles(files: TlsFiles): TlsOptions {
  const read = (variable: string, file: string) => {
    try {
      return fs.readFileSync(file);
    } catch (error) {
      throw new TlsFilesError(`${variable}: cannot read ${file}: ${(error as Error).message}`);
    }
  };
  const options: TlsOptions = {
    cert: read("RUNWATCH_TLS_CERT", files.certFile),
    key: read("RUNWATCH_TLS_KEY", files.keyFile),
    minVersion: TLS_MIN_VERSION,
  };
  try {
    tls.createSecureContext(options);
  } catch (error) {
    throw new TlsFilesError(
      `RUNWATCH_TLS_CERT/RUNWATCH_TLS_KEY (${files.certFile}, ${files.keyFile}) are not a usable pair: ${(error as Error).message}`,
    );
  }
  return options;
}

/** Where a reload goes and how it is reported. */
export interface TlsWatchOptions {
  /** Receives each new good pair (normally `server.setSecureContext`). */
  apply(options: TlsOptions): void;
  onReload(files: TlsFiles): void;
  /** A changed pair that cannot be served; the previous one stays in use. */
  onError(error: TlsFilesError): void;
  /** How often the files' modification times are looked at, ms. */
  pollMs?: number;
  /** Quiet time after a change before reading, so a cert and key written one after the other load once, ms. */
  settleMs?: number;
}

/**
 * Watches both files and applies a changed pair once it reads and matches.
 * Polls `stat` (`fs.watchFile`) rather than `fs.watch`: renewal tools replace
 * files by rename or swap symlinks, which an inode watch loses track of.
 * @returns stops watching.
 */
export function watchTlsFiles(files: TlsFiles, options: TlsWatchOptions): () => void {
  const { pollMs = 1000, settleMs = 250 } = options;
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    timer = undefined;
    let next: TlsOptions;
    try {
      next = readTlsFiles(files);
    } catch (error) {
      options.onError(error as TlsFilesError);
      return;
    }
    options.apply(next);
    options.onReload(files);
  };
  const changed = (current: fs.Stats, previous: fs.Stats) => {
    if (
      current.mtimeMs === previous.mtimeMs &&
      current.ino === previous.ino &&
      current.size === previous.size
    )
      return;
    clearTimeout(timer);
    timer = setTimeout(reload, settleMs);
    timer.unref();
  };
  const watch = { interval: pollMs, persistent: false };
  fs.watchFile(files.certFile, watch, changed);
  fs.watchFile(files.keyFile, watch, changed);
  return () => {
    clearTimeout(timer);
    fs.unwatchFile(files.certFile, changed);
    fs.unwatchFile(files.keyFile, changed);
  };
}

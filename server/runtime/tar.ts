/**
 * A minimal POSIX ustar writer and reader: regular files only, names under
 * 100 bytes, enough for the evidence bundle. Written here rather than taken
 * from a package: the format is 512-byte blocks and a checksum.
 *
 * The writer needs each file's size before its bytes (the header comes
 * first), so a large file is streamed in two passes by its producer.
 */

/** Bytes of one tar block. */
export const TAR_BLOCK = 512;

/** The header of one regular file (mode 0644, owner 0, `mtime` in ms since epoch). */
export function tarHeader(name: string, size: number, mtime: number): Buffer {
  const nameBytes = Buffer.from(name, "utf8");
  if (nameBytes.length === 0 || nameBytes.length > 99) throw new RangeError(`tar: bad file name "${name}"`);
  const header = Buffer.alloc(TAR_BLOCK);
  nameBytes.copy(header, 0);
  const octal = (value: number, width: number, at: number) =>
    header.write(`${value.toString(8).padStart(width - 1, "0")}\0`, at, width, "ascii");
  octal(0o644, 8, 100);
  octal(0, 8, 108);
  octal(0, 8, 116);
  octal(size, 12, 124);
  octal(Math.floor(mtime / 1000), 12, 136);
  header.write("        ", 148, 8, "ascii"); // the checksum is summed with its own field as spaces
  header.write("0", 156, 1, "ascii");
  header.write("ustar\0", 257, 6, "ascii");
  header.write("00", 263, 2, "ascii");
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
  return header;
}

/** Zero bytes that pad a file of `size` bytes to a whole block. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK);
}

/** The end of an archive: two zero blocks. */
export function tarEnd(): Buffer {
  return Buffer.alloc(TAR_BLOCK * 2);
}

/** One file read back from an archive. */
export interface TarFile {
  name: string;
  data: Buffer;
}

/**
 * The regular files of a whole (uncompressed) archive, in order.
 * @throws Error for a header whose checksum does not match or a file cut short.
 */
export function readTar(archive: Buffer): TarFile[] {
  const files: TarFile[] = [];
  let at = 0;
  while (at + TAR_BLOCK <= archive.length) {
    const header = archive.subarray(at, at + TAR_BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const field = (from: number, width: number) =>
      header
        .subarray(from, from + width)
        .toString("ascii")
        .replace(/[\0 ]+$/, "")
        .replace(/^ +/, "");
    let sum = 0;
    for (let i = 0; i < TAR_BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
    if (parseInt(field(148, 8), 8) !== sum) throw new Error(`tar: damaged header at byte ${at}`);
    const name = header.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12), 8);
    const start = at + TAR_BLOCK;
    if (start + size > archive.length) throw new Error(`tar: ${name} is cut short`);
    if (field(156, 1) === "0" || field(156, 1) === "") {
      files.push({ name, data: archive.subarray(start, start + size) });
    }
    at = start + size + tarPadding(size).length;
  }
  return files;
}

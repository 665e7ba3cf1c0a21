// Reads one input file safely: only a regular file (a symbolic link is followed only to one),
// never more than the size cap. A FIFO would block the run forever, /dev/zero would grow memory
// without end, a folder named x.pdf has no bytes: each gets a plain reason instead, and an
// empty file is named as such (every empty file has the same content hash, so it would
// otherwise be recorded as a duplicate of the first one).
import { constants } from 'node:fs';
import fs from 'node:fs/promises';

/** Default cap on an input file's size; budget disclosures are a few MB, scans a few tens. */
export const DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024;

export type SourceRead = { bytes: Uint8Array } | { reason: string };

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

function kindOf(st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}

function errnoReason(err: unknown, linked: boolean): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return linked ? 'dangling symbolic link: its target does not exist' : 'file was removed before it could be read';
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'ELOOP') return 'symbolic link loop';
  if (e?.code === 'EISDIR') return 'not a regular file: a folder';
  return `cannot read the file (${e?.code ?? (e as Error)?.message ?? String(err)})`;
}

/** The file's bytes, or the reason it is not read. */
export async function readSourceFile(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<SourceRead> {
  let linked = false;
  try {
    linked = (await fs.lstat(file)).isSymbolicLink();
  } catch (err) {
    return { reason: errnoReason(err, false) };
  }
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO with no writer must not wait; fstat below then refuses it.
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return { reason: errnoReason(err, linked) };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return { reason: `not a regular file: ${linked ? 'a symbolic link to ' : ''}${kindOf(st)}` };
    if (st.size === 0) return { reason: 'empty file (0 bytes)' };
    if (st.size > maxBytes) return { reason: `file too large: ${mb(st.size)} (limit ${mb(maxBytes)}; see max_file_mb)` };
    // Read at most one byte past the cap, whatever the file does while we read (it may grow).
    const buf = Buffer.allocUnsafeSlow(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n === buf.length) break;
    }
    if (n > maxBytes) return { reason: `file too large: it grew past ${mb(maxBytes)} while being read (limit; see max_file_mb)` };
    if (n === 0) return { reason: 'empty file (0 bytes)' };
    return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, n) };
  } catch (err) {
    return { reason: errnoReason(err, linked) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

// ZIP bundles: each member is a document of its own, named `bundle.zip!/folder/member.pdf`
// (source_path, source_name, failures view). The bundle is opened in the main thread (inflating
// is cheap next to parsing, and bounded by the zip limits); its members then go through the
// planner and the parser pool like files, each keyed by its own content hash, so a re-run
// skips unchanged members without parsing them and re-parses only a member that changed. A
// bundle inside a bundle is opened too, one level deep. A bad member fails alone with its own
// row; a bundle that cannot be opened at all gets one failed row under its own path.
import fs from 'node:fs/promises';
import { isZipBundle, readZipMembers } from '../extract/bundle/zip-members.ts';
import { DEFAULT_ZIP_LIMITS } from '../extract/docx/zip-limits.ts';
import { ExtractError } from '../extract/types.ts';
import type { ProcessedDocument } from '../records.ts';
import { memberPath } from './member-names.ts';
import { failedDocument, sha256 } from './process.ts';

/** A file's bytes and hash, or the failed document that stands for it. */
export type ReadResult = { bytes: Uint8Array; hash: string } | { failed: ProcessedDocument; hash: string };

/** One input of a run: a file (read later, in its task) or a bundle member (already read). */
export interface InputItem {
  path: string;
  read?: ReadResult;
}

const isZipMagic = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05);

/** A bundle: a zip that is not an Office/OpenDocument package, or any zip named `.zip` (a damaged one then fails as a bundle). */
export function looksLikeBundle(bytes: Uint8Array, name: string): boolean {
  return isZipMagic(bytes) && (/\.zip$/i.test(name) || isZipBundle(bytes));
}

function failedItem(itemPath: string, hash: string, bytes: number, reason: string): InputItem {
  return { path: itemPath, read: { failed: failedDocument(itemPath, { hash, bytes, stage: 'extract', reason }), hash } };
}

/**
 * The documents of a bundle: its members (nested bundles opened one level deep), or one failed
 * item for the bundle when it cannot be opened. `note` gets a one-line summary.
 */
export function expandBundle(bundlePath: string, bytes: Uint8Array, hash: string, note: (m: string) => void = () => undefined): InputItem[] {
  const items: InputItem[] = [];
  let budget = DEFAULT_ZIP_LIMITS.maxTotalBytes;
  let skipped = 0;
  const open = (label: string, data: Uint8Array, dataHash: string, depth: number): boolean => {
    let read;
    try {
      read = readZipMembers(data, DEFAULT_ZIP_LIMITS, budget);
    } catch (err) {
      if (!(err instanceof ExtractError)) throw err;
      items.push(failedItem(label, dataHash, data.length, `ZIP bundle cannot be opened: ${err.message}`));
      return false;
    }
    budget -= read.inflated;
    skipped += read.skipped;
    for (const m of read.members) {
      const name = memberPath(label, m.name);
      // A member that cannot be read has no content hash: one derived from the bundle's hash
      // and the name keeps its failure row stable across runs.
      if ('error' in m) {
        items.push(failedItem(name, sha256(Buffer.from(`bundle-member:${dataHash}:${m.name}`)), 0, m.error));
        continue;
      }
      const memberHash = sha256(m.bytes);
      if (looksLikeBundle(m.bytes, m.name)) {
        if (depth >= 1) items.push(failedItem(name, memberHash, m.bytes.length, 'ZIP bundle nested more than one level deep: not opened (unpack it first)'));
        else open(name, m.bytes, memberHash, depth + 1);
        continue;
      }
      items.push({ path: name, read: { bytes: m.bytes, hash: memberHash } });
    }
    return true;
  };
  if (open(bundlePath, bytes, hash, 0)) {
    if (items.length === 0) return [failedItem(bundlePath, hash, bytes.length, 'empty ZIP bundle: no documents in it')];
    note(`${bundlePath}: ZIP bundle of ${items.length} document${items.length === 1 ? '' : 's'}${skipped ? ` (${skipped} folder and system entries skipped)` : ''}`);
  }
  return items;
}

/**
 * What a listed file stands for: itself (read later by its own task), or the members of the
 * bundle it is. Only files starting with the zip signature are read here.
 */
export async function inputsOf(file: string, note?: (m: string) => void): Promise<InputItem[]> {
  // Only a regular file can be a bundle: a FIFO would block the open, a device never ends; the
  // file's own task (read-source.ts) gives those their plain reasons.
  const kind = await fs.stat(file).catch(() => null);
  if (!kind?.isFile()) return [{ path: file }];
  let head: Uint8Array;
  try {
    const fh = await fs.open(file, 'r');
    try {
      head = new Uint8Array(4);
      await fh.read(head, 0, 4, 0);
    } finally {
      await fh.close();
    }
  } catch {
    return [{ path: file }];  // the file's own task reports why it cannot be read
  }
  if (!isZipMagic(head)) return [{ path: file }];
  // A bundle larger than its members may inflate to would be refused after reading it whole:
  // refuse it before. Its row is keyed by path, size and time, so it is not re-read until it changes.
  const st = await fs.stat(file).catch(() => null);
  const limit = DEFAULT_ZIP_LIMITS.maxTotalBytes;
  if (st && st.size > limit && /\.zip$/i.test(file)) {
    const hash = sha256(Buffer.from(`too-large-bundle:${file}:${st.size}:${st.mtimeMs}`));
    return [failedItem(file, hash, st.size, `ZIP bundle too large to open in memory: ${Math.round(st.size / 1024 / 1024)} MB (limit ${limit / 1024 / 1024} MB); unpack it and ingest the folder`)];
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await fs.readFile(file));
  } catch {
    return [{ path: file }];
  }
  const hash = sha256(bytes);
  if (!looksLikeBundle(bytes, file)) return [{ path: file, read: { bytes, hash } }];
  return expandBundle(file, bytes, hash, note);
}

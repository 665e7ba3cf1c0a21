// Reads the members of a ZIP bundle (a department's attachments zipped together) into memory,
// never onto disk, so a member named `../x` or `/etc/x` cannot be written anywhere; such names
// are refused all the same, since they only come from hostile or broken tools. The limits are
// the DOCX ones (zip-limits.ts), checked on the central directory before anything is inflated,
// and every inflate is capped at the entry's declared size and the bundle's remaining budget.
import { inflateRawSync } from 'node:zlib';
import { crc32 } from '../docx/zip-names.ts';
import { readZipDirectory, type ZipEntryInfo } from '../docx/zip-directory.ts';
import { checkZipLimits, DEFAULT_ZIP_LIMITS, type ZipLimits } from '../docx/zip-limits.ts';
import { ExtractError } from '../types.ts';

export type ZipMember =
  | { name: string; bytes: Uint8Array }
  /** A member that cannot be read (encrypted, unsafe name, damaged): it fails alone. */
  | { name: string; error: string };

export interface ZipMembers {
  members: ZipMember[];
  /** Folder entries and system clutter (`__MACOSX/`, `.DS_Store`, `Thumbs.db`, hidden files) left out. */
  skipped: number;
  /** Bytes the members inflated to, counted against the limit. */
  inflated: number;
}

const LOCAL_SIG = 0x04034b50;

const mb = (n: number) => (n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(0)} MB`);

export const tooLarge = (bytes: number, limit: number) => `too large to open in memory: members inflate to ${mb(bytes)} (limit ${mb(limit)})`;

/** Names that are not documents of the department but traces of the tool that made the zip. */
function isClutter(name: string): boolean {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return name.startsWith('__MACOSX/') || base.startsWith('.') || base.startsWith('~$') || /^(thumbs\.db|desktop\.ini)$/i.test(base);
}

/** Why a member name is unsafe as a path (absolute, drive letter, `..` segment), or null. */
export function unsafeName(name: string): string | null {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'absolute path';
  if (name.split('/').includes('..')) return 'path leads out of the bundle (..)';
  if (name.includes('\0')) return 'NUL character in the name';
  return null;
}

function readEntry(bytes: Uint8Array, e: ZipEntryInfo, cap: number): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = e.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_SIG) throw new Error('local header missing (damaged bundle)');
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + e.compressedSize > bytes.length) throw new Error('data runs past the end of the bundle (truncated)');
  const packed = bytes.subarray(start, start + e.compressedSize);
  let data: Uint8Array;
  if (e.method === 0) {
    if (e.compressedSize > cap) throw new Error('zip bomb suspected: larger than the size limit');
    data = packed;
  } else if (e.method === 8) {
    try {
      data = inflateRawSync(packed, { maxOutputLength: Math.max(1, cap) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new Error(`zip bomb suspected: inflates beyond ${cap === e.uncompressedSize ? `its declared ${cap} bytes` : 'the size limit'}`);
      }
      throw new Error(`cannot inflate (${(err as Error).message})`);
    }
  } else {
    throw new Error(`compression method ${e.method} is not supported (only stored and deflate); re-pack the bundle as a plain ZIP`);
  }
  if (data.length !== e.uncompressedSize) throw new Error(`inflates to ${data.length} bytes, not the declared ${e.uncompressedSize} (damaged)`);
  if (crc32(data) !== e.crc32) throw new Error('CRC mismatch (damaged member)');
  return data;
}

/**
 * Every member of a ZIP bundle, in the order of its directory. Throws ExtractError when the
 * bundle as a whole cannot be read (no directory, zip bomb); a bad member becomes an `error` member.
 * `budget`: bytes all members may still inflate to (shared with the outer bundle when nested).
 */
export function readZipMembers(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS, budget = limits.maxTotalBytes): ZipMembers {
  budget = Math.min(budget, limits.maxTotalBytes);
  const entries = readZipDirectory(bytes, 'ZIP bundle');
  // Encrypted members fail alone below, so the limit checks look at the others only.
  const readable = entries.filter((e) => !e.encrypted);
  const total = readable.reduce((n, e) => n + e.uncompressedSize, 0);
  const ratio = total / Math.max(1, readable.reduce((n, e) => n + e.compressedSize, 0));
  // A big bundle of documents that compress as documents do is not a bomb, only too big to
  // hold in memory: say so, and what to do.
  if (total > budget && ratio <= limits.maxRatio / 10) throw new ExtractError(`${tooLarge(total, budget)}; unpack it and ingest the folder`);
  checkZipLimits(readable, { ...limits, maxTotalBytes: budget });
  const members: ZipMember[] = [];
  let skipped = 0;
  let inflated = 0;
  for (const e of entries) {
    // Windows tools sometimes separate folders with backslashes.
    const name = e.name.replace(/\\/g, '/');
    if (name.endsWith('/') || isClutter(name)) {
      skipped++;
      continue;
    }
    const unsafe = unsafeName(name);
    if (unsafe) {
      members.push({ name, error: `unsafe member name (${unsafe}): not read` });
      continue;
    }
    if (e.encrypted) {
      members.push({ name, error: 'password-protected (encrypted) member' });
      continue;
    }
    try {
      const data = readEntry(bytes, e, Math.min(e.uncompressedSize, budget - inflated));
      inflated += data.length;
      members.push({ name, bytes: data });
    } catch (err) {
      members.push({ name, error: `cannot read member: ${(err as Error).message}` });
    }
  }
  return { members, skipped, inflated };
}

/** A zip archive that is not an Office/OpenDocument package (those are documents, not bundles). */
export function isZipBundle(bytes: Uint8Array): boolean {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05))) return false;
  let names: string[];
  try {
    names = readZipDirectory(bytes, 'ZIP bundle').map((e) => e.name);
  } catch {
    // Unreadable: left to the sniffer, which names the problem.
    return false;
  }
  return !names.some((n) => n === '[Content_Types].xml' || n === 'mimetype' || n === 'word/document.xml' || n === 'META-INF/manifest.xml');
}

// Reads a zip archive's central directory (names, declared sizes, flags) without inflating
// anything, so limits can be checked before any entry is decompressed.
import { ExtractError } from '../types.ts';
import { decodeZipName, unicodePathField, type NameEncoding } from './zip-names.ts';

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** Compression method: 0 stored, 8 deflate. */
  method: number;
  /** General-purpose bit 0: the entry is encrypted (password-protected zip). */
  encrypted: boolean;
  /** Where the entry's local header starts (its data follows that header). */
  localHeaderOffset: number;
  /** CRC-32 of the uncompressed data, as declared. */
  crc32: number;
  /** How the name was decoded (zip-names.ts). */
  nameEncoding: NameEncoding;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
// The end record is 22 bytes plus a comment of at most 65535 bytes.
const EOCD_SEARCH = 22 + 0xffff;

function u64(view: DataView, at: number): number {
  return Number(view.getBigUint64(at, true));
}

function findEndRecord(view: DataView): number {
  const stop = Math.max(0, view.byteLength - EOCD_SEARCH);
  for (let at = view.byteLength - 22; at >= stop; at--) {
    if (view.getUint32(at, true) === EOCD_SIG) return at;
  }
  return -1;
}

/** The central directory of a zip archive; throws ExtractError when there is none (`what`: the kind of file expected, for the message). */
export function readZipDirectory(bytes: Uint8Array, what = 'DOCX'): ZipEntryInfo[] {
  const notZip = (why: string) => new ExtractError(`not a ${what}: ${why} (corrupt, truncated or mislabelled file)`, what === 'DOCX' ? 'docx' : null);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 22) throw notZip('too short to be a zip archive');
  const eocd = findEndRecord(view);
  if (eocd < 0) throw notZip('no zip central directory');
  let count = view.getUint16(eocd + 10, true);
  let dirSize = view.getUint32(eocd + 12, true);
  let dirOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    // Zip64: the real values sit in the zip64 end record, found through its locator.
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR_SIG) throw notZip('broken zip64 directory');
    const record = u64(view, locator + 8);
    if (record + 56 > bytes.length || view.getUint32(record, true) !== ZIP64_EOCD_SIG) throw notZip('broken zip64 directory');
    count = u64(view, record + 32);
    dirSize = u64(view, record + 40);
    dirOffset = u64(view, record + 48);
  }
  if (dirOffset + dirSize > bytes.length) throw notZip('zip central directory lies outside the file');
  const entries: ZipEntryInfo[] = [];
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL_SIG) throw notZip('damaged zip central directory');
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    let compressedSize = view.getUint32(at + 20, true);
    let uncompressedSize = view.getUint32(at + 24, true);
    const nameLen = view.getUint16(at + 28, true);
    const extraLen = view.getUint16(at + 30, true);
    const commentLen = view.getUint16(at + 32, true);
    const crc = view.getUint32(at + 16, true);
    let localHeaderOffset = view.getUint32(at + 42, true);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLen);
    const extra = bytes.subarray(at + 46 + nameLen, at + 46 + nameLen + extraLen);
    const { name, encoding } = decodeZipName(rawName, (flags & 0x800) !== 0, unicodePathField(extra, rawName));
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      // Zip64 extra field (id 1) holds the 64-bit sizes, uncompressed first, each only if needed.
      let x = at + 46 + nameLen;
      const end = x + extraLen;
      while (x + 4 <= end) {
        const id = view.getUint16(x, true);
        const size = view.getUint16(x + 2, true);
        if (id === 1) {
          let y = x + 4;
          if (uncompressedSize === 0xffffffff && y + 8 <= x + 4 + size) { uncompressedSize = u64(view, y); y += 8; }
          if (compressedSize === 0xffffffff && y + 8 <= x + 4 + size) { compressedSize = u64(view, y); y += 8; }
          if (localHeaderOffset === 0xffffffff && y + 8 <= x + 4 + size) localHeaderOffset = u64(view, y);
          break;
        }
        x += 4 + size;
      }
    }
    entries.push({
      name, compressedSize, uncompressedSize, method, encrypted: (flags & 1) === 1, localHeaderOffset, crc32: crc, nameEncoding: encoding,
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

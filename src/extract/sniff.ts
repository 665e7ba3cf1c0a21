// Tells a file's format from its bytes, not its name: government sites serve web pages named
// .xls, Word files named .doc that are DOCX, and so on. Each format has one detector below; the
// first that recognises the bytes wins. The name is used only where bytes cannot tell (plain
// text), and a file whose content is not what its extension says is read as what it is, with
// a note (an info message on the document).
import path from 'node:path';
import type { Format } from '../records.ts';
import { readZipDirectory } from './docx/zip-directory.ts';
import { decodeText } from './text/decode.ts';
import { otherArchiveReason } from './bundle/other-archives.ts';
import { isRtf, isWordBinary } from './doc/detect.ts';
import { ExtractError } from './types.ts';

export interface Sniffed {
  format: Format;
  /** Set when the content is not what the file name says (`named .xls but is a web page (HTML)`). */
  note: string | null;
}

interface SniffInput {
  bytes: Uint8Array;
  /** Lower-cased extension without the dot ('' when none). */
  ext: string;
  /** First KiB as latin1, for signatures. */
  head: string;
}

/** A detector returns the format the bytes are, null when they are not its format, or throws with the reason they cannot be read. */
type Detector = (input: SniffInput) => Format | null;

const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);

/** What each extension promises, for the mislabelled-file note (also formats we do not read: a DOCX named .doc gets a note). */
const EXTENSION_FORMAT: Record<string, Format> = {
  pdf: 'pdf', docx: 'docx', docm: 'docx', txt: 'txt', text: 'txt',
  xlsx: 'xlsx', xlsm: 'xlsx', xls: 'xls', et: 'xls', ett: 'xls', html: 'html', htm: 'html', shtml: 'html',
  doc: 'doc', dot: 'doc', wps: 'doc', rtf: 'doc',
};

const FORMAT_NAMES: Record<Format, string> = {
  pdf: 'a PDF', docx: 'a Word document (DOCX)', txt: 'plain text (tab-separated)', xlsx: 'an Excel workbook (XLSX)',
  xls: 'a legacy Excel workbook (XLS)', html: 'a web page (HTML)', doc: 'a legacy Word document (DOC or RTF)',
};

// %PDF may follow a little junk (some generators prepend bytes); PDF readers search the first 1 KiB.
const pdf: Detector = ({ head }) => (head.includes('%PDF-') ? 'pdf' : null);

/** Office Open XML and other zip formats, told apart by the parts they hold. */
const zip: Detector = ({ bytes, ext }) => {
  if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && !startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return null;
  let names: string[];
  try {
    names = readZipDirectory(bytes).map((e) => e.name);
  } catch {
    // Damaged or truncated: the extractor of the named format says what is wrong.
    if (['xlsx', 'xlsm', 'et', 'ett'].includes(ext)) return 'xlsx';
    if (ext === 'docx' || ext === 'docm' || !/^(pptx|zip|odt|ods)$/.test(ext)) return 'docx';
    throw new ExtractError(`unsupported format: ${ext} archive, and a damaged one`);
  }
  if (names.some((n) => n.startsWith('word/'))) return 'docx';
  if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
  if (names.some((n) => n.startsWith('ppt/'))) throw new ExtractError('unsupported format: PowerPoint presentation (.pptx)');
  if (names.includes('mimetype')) throw new ExtractError('unsupported format: OpenDocument file (.odt/.ods); save it as .docx or .xlsx');
  throw new ExtractError(`unsupported format: zip archive (${names.length} entries), not a Word or Excel document`);
};

/** OLE compound files: legacy .xls (and WPS .et), or a reason (legacy .doc, encrypted OOXML). */
const ole: Detector = ({ bytes }) => {
  const reason = oleFileReason(bytes);
  if (reason === null) return null;
  if (reason === XLS) return 'xls';
  throw new ExtractError(reason);
};

/** Legacy Word: the binary format, or RTF under a Word name (both read through LibreOffice). */
const legacyWord: Detector = ({ bytes, ext }) =>
  isWordBinary(bytes) || (isRtf(bytes) && ['doc', 'dot', 'rtf', 'wps'].includes(ext)) ? 'doc' : null;

/** RAR and 7z bundles are refused with what to do instead. */
const otherArchive: Detector = ({ bytes }) => {
  const reason = otherArchiveReason(bytes);
  if (reason) throw new ExtractError(reason);
  return null;
};

const rtf: Detector = ({ head }) => {
  if (!head.startsWith('{\\rtf')) return null;
  throw new ExtractError('unsupported format: RTF document; save it as .docx or PDF');
};

// The start of a web page: markup after an optional BOM, whitespace and comments.
const HTML_START = /^(?:\ufeff|\xef\xbb\xbf)?(?:\s|<!--[\s\S]*?-->)*<(?:!doctype\s+html|html|head|body|meta|title|table|div|p|h[1-6]|style|script)\b/i;

// A web page named .pdf or .docx is refused as that (a download that went wrong: the site sent
// its error page); with any other name it is read as the page it is.
const html: Detector = ({ head, ext }) => {
  if (ext === 'pdf' || ext === 'docx') return null;
  // A UTF-16 page: its markup is ASCII with a NUL beside every character.
  const text = head.startsWith('\xff\xfe') || head.startsWith('\xfe\xff') ? head.slice(2).replace(/\0/g, '') : head;
  return HTML_START.test(text) ? 'html' : null;
};

// Sites also export "Excel" as tab-separated text named .xls: the text reader's tab layout reads it.
const tabText: Detector = ({ bytes, ext }) => {
  if (ext !== 'xls' && ext !== 'et') return null;
  try {
    return decodeText(bytes.subarray(0, 1 << 16)).text.includes('\t') ? 'txt' : null;
  } catch {
    return null;
  }
};

const DETECTORS: Detector[] = [pdf, zip, otherArchive, legacyWord, ole, rtf, html, tabText];

/** The format a file's bytes are in, with a note when that is not what its name says. */
export function sniffFile(bytes: Uint8Array, name: string): Sniffed {
  const lower = name.toLowerCase();
  if (bytes.length === 0) throw new ExtractError('empty file (0 bytes)');
  const base = path.basename(lower);
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : '';
  const input: SniffInput = { bytes, ext, head: Buffer.from(bytes.subarray(0, 1024)).toString('latin1') };
  for (const detect of DETECTORS) {
    const format = detect(input);
    if (format === null) continue;
    const promised = EXTENSION_FORMAT[ext];
    const note = promised && promised !== format
      ? `file named .${ext} is ${FORMAT_NAMES[format]}; read as ${format}`
      : null;
    return { format, note };
  }
  if (ext === 'pdf') throw new ExtractError('not a PDF: no %PDF header (corrupt or mislabelled file)');
  if (ext === 'docx') throw new ExtractError('not a DOCX: not a zip archive (corrupt or mislabelled file)');
  if (ext === 'xlsx' || ext === 'xlsm') throw new ExtractError('not an XLSX: not a zip archive (corrupt or mislabelled file)');
  if (ext === 'xls' || ext === 'et' || ext === 'ett') throw new ExtractError(`not a spreadsheet: .${ext} file that is neither an Excel (OLE or zip) file nor a web page (corrupt or mislabelled file)`);
  if (ext === 'html' || ext === 'htm' || ext === 'shtml') throw new ExtractError(`not a web page: .${ext} file without HTML markup at its start (corrupt or mislabelled file)`);
  // Only plain-text disclosures: a README.md or data.csv lying in a folder of disclosures is
  // reported as unsupported rather than parsed as if it were one.
  if (ext === 'txt' || ext === 'text' || ext === '') return { format: 'txt', note: null };
  throw new ExtractError(`unsupported format: .${ext}`);
}

export function sniffFormat(bytes: Uint8Array, name: string): Format {
  return sniffFile(bytes, name).format;
}

/** oleFileReason's answer for a legacy Excel workbook, which the xls extractor reads. */
export const XLS = 'legacy Excel workbook (.xls)';

/**
 * What an OLE compound file (legacy .doc/.xls, or an encrypted OOXML file, which Office wraps in
 * OLE) is: XLS for a workbook, otherwise why it cannot be read; null when the bytes are not an
 * OLE file. The DOCX extractor asks too. Stream names are UTF-16 in the directory sectors.
 */
export function oleFileReason(bytes: Uint8Array): string | null {
  if (!startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return null;
  const body = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 1 << 20))).toString('utf16le');
  if (body.includes('EncryptedPackage')) return 'password-protected (encrypted) Office document';
  // BIFF8 writes its stream as "Workbook", BIFF5 (Excel 95, WPS) as "Book"; names end in NUL.
  if (!body.includes('WordDocument') && (body.includes('Workbook\0') || body.includes('Book\0'))) return XLS;
  return 'legacy binary Word/Office file (.doc); save it as .docx or PDF';
}

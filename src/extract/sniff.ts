// Tells a file's format from its first bytes (and its name only where bytes cannot tell).
import path from 'node:path';
import type { Format } from '../records.ts';
import { otherArchiveReason } from './bundle/other-archives.ts';
import { isRtf, isWordBinary } from './doc/detect.ts';
import { ExtractError } from './types.ts';

const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);

export function sniffFormat(bytes: Uint8Array, name: string): Format {
  const lower = name.toLowerCase();
  if (bytes.length === 0) throw new ExtractError('empty file (0 bytes)');
  // %PDF may follow a little junk (some generators prepend bytes); PDF readers search the first 1 KiB.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    if (lower.endsWith('.docx') || lower.endsWith('.docm') || !/\.(xlsx|pptx|zip|odt)$/.test(lower)) return 'docx';
    throw new ExtractError(`unsupported format: ${lower.split('.').pop()} archive (only .docx among zip formats)`);
  }
  // Legacy Word: the binary format, or RTF under a Word name (read through LibreOffice).
  if (isWordBinary(bytes) || (isRtf(bytes) && /\.(doc|dot|rtf|wps)$/.test(lower))) return 'doc';
  const archive = otherArchiveReason(bytes);
  if (archive) throw new ExtractError(archive);
  const ole = oleFileReason(bytes);
  if (ole) throw new ExtractError(ole);
  if (lower.endsWith('.pdf')) throw new ExtractError('not a PDF: no %PDF header (corrupt or mislabelled file)');
  if (lower.endsWith('.docx')) throw new ExtractError('not a DOCX: not a zip archive (corrupt or mislabelled file)');
  // Only plain-text disclosures: a README.md or data.csv lying in a folder of disclosures is
  // reported as unsupported rather than parsed as if it were one.
  if (/\.(txt|text)$/.test(lower) || !path.basename(lower).includes('.')) return 'txt';
  throw new ExtractError(`unsupported format: .${lower.split('.').pop()}`);
}

/**
 * Why an OLE compound file (legacy .doc/.xls, or an encrypted OOXML file, which Office wraps in
 * OLE) cannot be read; null when the bytes are not an OLE file. The DOCX extractor asks too.
 */
export function oleFileReason(bytes: Uint8Array): string | null {
  if (!startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return null;
  const body = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 1 << 20))).toString('utf16le');
  if (body.includes('EncryptedPackage')) return 'password-protected (encrypted) Office document';
  return 'legacy binary Word/Office file (.doc); save it as .docx or PDF';
}

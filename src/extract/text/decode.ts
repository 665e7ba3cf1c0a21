// Turns the bytes of a text disclosure into a string, detecting the encoding. Chinese text files
// come as UTF-8 (with or without BOM), GB18030/GBK from older Windows tools, or UTF-16 from
// Word's "Unicode text" export. We never guess silently: a file that decodes to nothing
// plausible is refused with a reason, because mojibake would poison every field downstream.
import { ExtractError } from '../types.ts';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface Decoded {
  text: string;
  encoding: TextEncoding;
  /** Invalid byte sequences replaced by U+FFFD (a UTF-8 file damaged in a few places, e.g. truncated). */
  damaged?: number;
}

/** At most this many bad sequences make a UTF-8 file damaged rather than not UTF-8. */
const MAX_DAMAGE = 3;

function decode(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

// Characters that do not occur in a real document: C0 controls other than tab/newline/CR/form
// feed, DEL and C1 controls, private-use and noncharacters. Mis-decoded bytes land here.
const IMPLAUSIBLE = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff\ufffd]/g;

/** Share of characters that cannot be real text (0 = clean). */
export function implausibleShare(text: string): number {
  if (text.length === 0) return 0;
  return (text.match(IMPLAUSIBLE)?.length ?? 0) / text.length;
}

// GB18030 decodes almost any byte soup without error (its four-byte range covers all of
// Unicode), so a successful decode proves little. Real Chinese text is dominated by common
// CJK ideographs, ASCII and CJK punctuation; mis-decoded Latin-1/Big5/Shift-JIS is not.
const COMMON = /[\t\n\r\f\u0020-\u007e\u00b7\u2000-\u206f\u2160-\u217f\u2190-\u21ff\u2200-\u22ff\u2460-\u24ff\u2500-\u257f\u25a0-\u25ff\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/g;

function commonShare(text: string): number {
  if (text.length === 0) return 1;
  return (text.match(COMMON)?.length ?? 0) / text.length;
}

/**
 * Share of GB18030 characters outside GB2312 (the GBK extension and four-byte ranges). Chinese
 * text written in GBK keeps almost entirely to GB2312; Shift-JIS or Big5 bytes read as GBK land
 * in the extension ranges (kana lead bytes are 0x81–0x84), and every such character still
 * "decodes", so this is what tells mojibake from text.
 */
export function gbExtensionShare(bytes: Uint8Array): number {
  let multi = 0;
  let ext = 0;
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i]!;
    if (lead < 0x80) continue;
    const trail = bytes[i + 1] ?? 0;
    multi++;
    if (trail >= 0x30 && trail <= 0x39) {
      ext++;
      i += 3;
      continue;
    }
    if (lead < 0xa1 || trail < 0xa1) ext++;
    i++;
  }
  return multi === 0 ? 0 : ext / multi;
}

/** U+FFFD characters genuinely present in UTF-8 bytes (EF BF BD), as opposed to decoding errors. */
function countEncodedReplacementChars(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i + 2 < bytes.length; i++) if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) n++;
  return n;
}

function utf16Candidate(bytes: Uint8Array): TextEncoding | null {
  if (bytes.length < 2 || bytes.length % 2 !== 0) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) zeroEven++;
      else zeroOdd++;
    }
  }
  if (zeroEven + zeroOdd === 0) return null;
  // ASCII characters (tabs, newlines, digits) carry a zero high byte: at odd offsets in
  // little-endian, at even offsets in big-endian. Chinese-heavy text has fewer of them, but
  // the skew to one side is what tells UTF-16 from binary junk.
  if (zeroOdd > 3 * zeroEven) return 'utf-16le';
  if (zeroEven > 3 * zeroOdd) return 'utf-16be';
  return null;
}

/** Decode a text file, or throw ExtractError naming why it cannot be read as text. */
export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = decode('utf-8', bytes.subarray(3));
    if (text === null) throw new ExtractError('text file starts with a UTF-8 byte order mark but is not valid UTF-8', 'txt');
    return { text, encoding: 'utf-8-bom' };
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const encoding: TextEncoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    if (encoding === 'utf-16le' && bytes.length >= 4 && bytes[2] === 0 && bytes[3] === 0) {
      throw new ExtractError('UTF-32 text files are not supported; save the file as UTF-8', 'txt');
    }
    const text = decode(encoding, bytes.subarray(2));
    if (text === null || implausibleShare(text) > 0.01) {
      throw new ExtractError(`text file has a ${encoding.toUpperCase()} byte order mark but does not decode as ${encoding.toUpperCase()}`, 'txt');
    }
    return { text, encoding };
  }
  const utf16 = utf16Candidate(bytes);
  if (utf16) {
    const text = decode(utf16, bytes);
    if (text !== null && implausibleShare(text) <= 0.01) return { text, encoding: utf16 };
  }
  const hasNul = bytes.includes(0);
  if (!hasNul) {
    const utf8 = decode('utf-8', bytes);
    if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
    const gb = decode('gb18030', bytes);
    if (gb !== null && implausibleShare(gb) === 0 && commonShare(gb) >= 0.97 && gbExtensionShare(bytes) <= 0.1) {
      return { text: gb, encoding: 'gb18030' };
    }
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const bad = (lenient.match(/\ufffd/g)?.length ?? 0) - countEncodedReplacementChars(bytes);
    if (bad > 0 && bad <= MAX_DAMAGE && lenient.length > 100 * bad) return { text: lenient, encoding: 'utf-8', damaged: bad };
  }
  if (hasNul) throw new ExtractError('not a text file: contains NUL bytes and is not UTF-16 text (binary data?)', 'txt');
  throw new ExtractError('text file encoding not recognised: not valid UTF-8, UTF-16 or GB18030/GBK Chinese text', 'txt');
}

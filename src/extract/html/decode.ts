// Decodes a saved web page the way a browser would (WHATWG "determine the character encoding",
// simplified): a byte order mark wins; then a charset declared in the first bytes
// (`<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">`); then
// detection from the bytes (the text extractor's UTF-8 / GB18030 / UTF-16 rules).
// Chinese government sites label pages `gb2312` while writing GBK or GB18030 bytes: browsers
// decode every GB label with the GB18030 decoder, and so do we, so `—` (A1AA) stays an em dash.
import { ExtractError } from '../types.ts';
import { decodeText } from '../text/decode.ts';

export interface DecodedPage {
  text: string;
  /** Encoding used, as a WHATWG name (`utf-8`, `gb18030`, `utf-16le`, …). */
  encoding: string;
  /** Where the encoding came from. */
  from: 'bom' | 'meta' | 'detected';
  /** The label the page declared, when it had one (`gb2312`). */
  declared: string | null;
  /** Why a declared label was not used, when it was not. */
  overridden?: string;
}

// WHATWG maps gb2312, gbk, x-gbk, chinese, csgb2312, iso-ir-58, GB_2312-80 to the GBK decoder,
// which is the GB18030 decoder; decoding with gb18030 directly is the same and says so.
const GB_LABELS = new Set(['gb2312', 'gbk', 'x-gbk', 'chinese', 'csgb2312', 'csiso58gb231280', 'iso-ir-58', 'gb_2312', 'gb_2312-80', 'gb18030']);

/** How many leading bytes are searched for a declared charset (browsers: 1024; pages often put a long <title> or comments first). */
const PRESCAN_BYTES = 4096;

/** The charset a page declares in its first bytes, lower-cased, or null. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, PRESCAN_BYTES)).toString('latin1');
  for (const m of head.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = m[0];
    const direct = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag);
    if (direct && !/\bcontent\s*=/i.test(tag)) return direct[1]!.toLowerCase();
    if (/http-equiv\s*=\s*["']?content-type/i.test(tag)) {
      const content = /\bcontent\s*=\s*(["'])(.*?)\1/i.exec(tag)?.[2] ?? /\bcontent\s*=\s*([^\s>]+)/i.exec(tag)?.[1] ?? '';
      const cs = /charset\s*=\s*["']?([\w.:-]+)/i.exec(content);
      if (cs) return cs[1]!.toLowerCase();
    }
  }
  return null;
}

/** The WHATWG decoder name for a label, or null when the label is unknown. */
function decoderFor(label: string): string | null {
  if (GB_LABELS.has(label)) return 'gb18030';
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}

export function decodePage(bytes: Uint8Array): DecodedPage {
  const declared = declaredCharset(bytes);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 'utf-8'
    : bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le'
    : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  if (bom) {
    const text = new TextDecoder(bom).decode(bytes); // strips the BOM
    return { text, encoding: bom, from: 'bom', declared };
  }
  let overridden: string | undefined;
  if (declared) {
    const name = decoderFor(declared);
    if (!name) overridden = `unknown charset label "${declared}"`;
    // A page declaring UTF-16 in ASCII bytes is not UTF-16 (browsers read it as UTF-8 too).
    else if (name.startsWith('utf-16')) overridden = `declared ${declared} in single-byte text`;
    else {
      try {
        return { text: new TextDecoder(name, { fatal: true }).decode(bytes), encoding: name, from: 'meta', declared };
      } catch {
        // Often a page re-saved as UTF-8 (or GBK) without updating its meta tag.
        overridden = `bytes are not valid ${declared}`;
      }
    }
  }
  try {
    const { text, encoding } = decodeText(bytes);
    return { text, encoding: encoding === 'utf-8-bom' ? 'utf-8' : encoding, from: 'detected', declared, overridden };
  } catch (err) {
    if (err instanceof ExtractError) throw new ExtractError(`web page: ${err.message.replace(/^text file /, '')}`, 'html');
    throw err;
  }
}

// Decodes a zip entry's name. The zip format only knows UTF-8 (flag bit 11) and IBM CP437, but
// Chinese Windows zip tools (the Explorer's "send to compressed folder", WinRAR, 360压缩) write
// names in the system code page, GBK, without the flag. So: the Info-ZIP Unicode Path field when
// present, UTF-8 when flagged or valid, else GB18030 (a superset of GBK) when the bytes are
// valid GB18030, else CP437 as the format says.

const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

function strict(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export type NameEncoding = 'utf-8' | 'gb18030' | 'cp437';

export function decodeZipName(raw: Uint8Array, utf8Flag: boolean, unicodePath: string | null = null): { name: string; encoding: NameEncoding } {
  if (unicodePath !== null) return { name: unicodePath, encoding: 'utf-8' };
  if (utf8Flag) return { name: new TextDecoder('utf-8').decode(raw), encoding: 'utf-8' };
  const utf8 = strict('utf-8', raw);
  if (utf8 !== null) return { name: utf8, encoding: 'utf-8' };
  const gb = strict('gb18030', raw);
  // A GB18030 reading with control characters or private-use code points is not a name.
  if (gb !== null && !/[\u0000-\u001f\u007f-\u009f\ue000-\uf8ff]/.test(gb)) return { name: gb, encoding: 'gb18030' };
  let name = '';
  for (const b of raw) name += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
  return { name, encoding: 'cp437' };
}

/**
 * The Info-ZIP Unicode Path extra field (id 0x7075): version 1, CRC-32 of the raw name, then
 * the UTF-8 name. Used only when its CRC matches the raw name (else the name was changed by a
 * tool that did not update the field).
 */
export function unicodePathField(extra: Uint8Array, raw: Uint8Array): string | null {
  const view = new DataView(extra.buffer, extra.byteOffset, extra.byteLength);
  for (let x = 0; x + 4 <= extra.length;) {
    const id = view.getUint16(x, true);
    const size = view.getUint16(x + 2, true);
    if (id === 0x7075 && size >= 5 && x + 4 + size <= extra.length && extra[x + 4] === 1) {
      if (view.getUint32(x + 5, true) !== crc32(raw)) return null;
      return strict('utf-8', extra.subarray(x + 9, x + 4 + size));
    }
    x += 4 + size;
  }
  return null;
}

let table: Uint32Array | null = null;

export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = table[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// Recognizes legacy Word files from their bytes: the Word 97–2003 binary format (an OLE compound
// file holding a `WordDocument` stream) and RTF, which Word and WPS also save under `.doc`.

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function isOleFile(bytes: Uint8Array): boolean {
  return OLE_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Stream names sit in the compound file's directory as UTF-16LE; an encrypted OOXML file (also OLE) has `EncryptedPackage` instead. */
const WORD_STREAM = Buffer.from('WordDocument', 'utf16le');

/** An OLE compound file with a WordDocument stream: Word 97–2003 (.doc, .dot) or WPS writing that format. */
export function isWordBinary(bytes: Uint8Array): boolean {
  return isOleFile(bytes) && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(WORD_STREAM);
}

/** RTF starts with `{\rtf` (maybe after a BOM or whitespace, which Word tolerates). */
export function isRtf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 16)).toString('latin1').replace(/^\uFEFF|^ï»¿/, '').trimStart();
  return head.startsWith('{\\rtf');
}

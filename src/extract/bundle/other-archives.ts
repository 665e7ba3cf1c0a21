// Archive formats other than ZIP are refused with a reason: reading RAR or 7z would need a
// native or WebAssembly decoder for a format that department bundles rarely use.
const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);

const ARCHIVES: { name: string; sig: number[] }[] = [
  { name: 'RAR', sig: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },  // "Rar!\x1a\x07" (RAR 4 and 5)
  { name: '7z', sig: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
];

/** Why the bytes cannot be taken when they are a RAR or 7z archive; null otherwise. */
export function otherArchiveReason(bytes: Uint8Array): string | null {
  const found = ARCHIVES.find((a) => startsWith(bytes, a.sig));
  if (!found) return null;
  return `${found.name} archive: not supported (only ZIP bundles are opened); extract it and ingest the folder, or re-pack it as ZIP`;
}

// Refuses archives that would exhaust memory when inflated (zip bombs), judged from the
// central directory before anything is decompressed. Declared sizes can lie, so reads are
// capped again while inflating (see docx-package.ts).
import { ExtractError } from '../types.ts';
import type { ZipEntryInfo } from './zip-directory.ts';

export interface ZipLimits {
  /** Most bytes all entries may inflate to together. */
  maxTotalBytes: number;
  maxEntries: number;
  /** Highest compression ratio allowed for an entry larger than `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

// Budget documents are a few MB of XML; XML deflates at most ~100:1 in practice, while
// deflate's ceiling (~1000:1) is what bombs use.
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 200 * 1024 * 1024,
  maxEntries: 10_000,
  maxRatio: 500,
  ratioFloorBytes: 10 * 1024 * 1024,
};

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

export function checkZipLimits(entries: ZipEntryInfo[], limits: ZipLimits = DEFAULT_ZIP_LIMITS): void {
  if (entries.length > limits.maxEntries) {
    throw new ExtractError(`zip bomb suspected: ${entries.length} entries (limit ${limits.maxEntries})`, 'docx');
  }
  let total = 0;
  for (const e of entries) {
    if (e.encrypted) throw new ExtractError(`password-protected zip archive (entry ${e.name} is encrypted)`, 'docx');
    total += e.uncompressedSize;
    const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
    if (e.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maxRatio) {
      throw new ExtractError(
        `zip bomb suspected: ${e.name} inflates ${Math.round(ratio)}:1 to ${mb(e.uncompressedSize)} (limit ${limits.maxRatio}:1)`, 'docx');
    }
  }
  if (total > limits.maxTotalBytes) {
    throw new ExtractError(
      `zip bomb suspected: entries inflate to ${mb(total)} in total (limit ${mb(limits.maxTotalBytes)})`, 'docx');
  }
}

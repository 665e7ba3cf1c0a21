// What every extractor takes and returns.
import type { Root } from 'hast';
import type { VFile } from 'vfile';
import type { Format } from '../records.ts';

export interface ExtractInput {
  /** Path of the file (for messages). */
  path: string;
  bytes: Uint8Array;
}

export interface Extracted {
  tree: Root;
  /** Page count, when the format has pages. */
  pages: number | null;
  /** Set when the document has no text layer (scanned); status becomes partial, reason `needs OCR`. */
  needsOcr?: boolean;
  /** Pages read by OCR (scanned pages), and why OCR could not run where it was needed. */
  ocr?: { pages: number[]; unavailable?: string };
}

/** An extractor turns file bytes into the intermediate hast tree, reporting problems on `file`. */
export type Extractor = (input: ExtractInput, file: VFile) => Promise<Extracted>;

/**
 * A document that cannot be read at all (corrupt, encrypted, wrong format). The message is the
 * reason shown to the operator and stored in `documents.error`; it should say what is wrong
 * with the file, e.g. `encrypted PDF (password required)`.
 */
export class ExtractError extends Error {
  constructor(message: string, readonly format: Format | null = null) {
    super(message);
    this.name = 'ExtractError';
  }
}

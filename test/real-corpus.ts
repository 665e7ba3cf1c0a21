// Real disclosures of other places are never copied into this repository: tests that check the
// pipeline on them read ../shared/corpus/real/ (relative to the repo root, as in CI) when it is
// there, and are skipped with a one-line notice when it is not. What must always run uses the
// generated fixtures of test/fixtures/generated/.
import fs from 'node:fs';
import path from 'node:path';
import { describe } from 'vitest';

// REAL_CORPUS in the environment points elsewhere (e.g. at a missing folder, to check the skips).
export const REAL_CORPUS = process.env.REAL_CORPUS
  ? path.resolve(process.env.REAL_CORPUS)
  : path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'real');

/** Absolute path of a real corpus file, or null when the corpus (or that file) is not here. */
export function realFile(name: string): string | null {
  const p = path.join(REAL_CORPUS, name);
  return fs.existsSync(p) ? p : null;
}

const noticed = new Set<string>();

/**
 * `describe` over real corpus files: runs when every named file is present, otherwise the suite
 * is skipped and one line says why (once per suite title).
 */
export function describeReal(title: string, files: string[], fn: () => void): void {
  const missing = files.filter((f) => !realFile(f));
  if (missing.length === 0) {
    describe(title, fn);
    return;
  }
  if (!noticed.has(title)) {
    noticed.add(title);
    console.warn(`skipped "${title}": ${missing.length === files.length ? `${REAL_CORPUS} not found` : `missing ${missing.join(', ')} in ${REAL_CORPUS}`}`);
  }
  describe.skip(title, fn);
}

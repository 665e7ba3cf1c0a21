// Files that sit in disclosure folders but are clearly not disclosures: notes, checksums, data
// exports, system files. They are listed as `skipped` (not failed) without being read. The list
// comes from what publishers' archives and our own corpus folders hold next to the documents
// (SOURCES.md, README.txt, .csv listings, macOS/Windows folder files). A text file is judged by
// its content instead (src/pipeline/process.ts): skipped when no budget table or target is in it.
import path from 'node:path';

/** Extensions of files that are never a budget disclosure. */
export const STRAY_EXTENSIONS = new Set([
  '.md', '.markdown', '.rst', '.csv', '.tsv', '.json', '.jsonl', '.xml', '.yaml', '.yml', '.toml', '.ini', '.cfg', '.log',
  '.sha256', '.sha1', '.md5', '.sig', '.asc', '.url', '.lnk', '.py', '.js', '.mjs', '.ts', '.sh', '.bat', '.ps1',
]);

/** Names the operating system leaves in folders. */
export const STRAY_NAMES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', '.localized']);

/** Why a file is skipped by its name alone, or null when it may be a disclosure. */
export function strayReason(file: string): string | null {
  const name = path.basename(file).toLowerCase();
  if (STRAY_NAMES.has(name) || name.startsWith('._')) return `not a disclosure: system file ${path.basename(file)}`;
  const ext = path.extname(name);
  if (STRAY_EXTENSIONS.has(ext)) return `not a disclosure: ${ext} file`;
  return null;
}

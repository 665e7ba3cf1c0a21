// Where the CLI's code comes from: the JavaScript in dist/ (bin/build.mjs) when it was built
// after every change under src/, otherwise the TypeScript sources through tsx, so an edit is
// never shadowed by a stale build (a checkout, a merge, a file saved without rebuilding).
// Checking costs a stat of each file and folder under src/ (a few ms). BUDGET_INGEST_TSX=1
// forces the sources.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Newest modification time under dir (files and folders: a deleted file changes its folder). */
function newest(dir) {
  let t = fs.statSync(dir).mtimeMs;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

/** True when dist/ holds a finished build newer than everything under src/. */
export function distIsFresh(root = ROOT) {
  if (process.env.BUDGET_INGEST_TSX === '1') return false;
  try {
    return fs.statSync(path.join(root, 'dist/.built')).mtimeMs >= newest(path.join(root, 'src'));
  } catch {
    return false;
  }
}

/** Import a module by its path under src/ without extension (e.g. 'cli/main'): from dist/ when fresh, else through tsx. */
export async function importModule(rel, root = ROOT) {
  if (distIsFresh(root)) return import(pathToFileURL(path.join(root, 'dist', `${rel}.js`)).href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(path.join(root, 'src', `${rel}.ts`)).href);
}

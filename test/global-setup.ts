// Before any test: bring dist/ up to date (incremental tsc, ~2 s when nothing changed), so the
// tests that spawn the CLI run the JavaScript it ships, built from the sources under test.
// Should the build fail, the CLI keeps to the sources through tsx (bin/sources.mjs): never a
// stale dist/. `npm test`'s typecheck reports the error itself.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const r = spawnSync(process.execPath, [path.join(root, 'bin/build.mjs')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) console.warn(`dist/ not rebuilt (${(r.stdout + r.stderr).trim().split('\n')[0]}): the CLI runs the TypeScript sources`);
}

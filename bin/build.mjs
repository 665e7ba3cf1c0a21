#!/usr/bin/env node
// Compiles src/ to dist/ (tsconfig.build.json), so the CLI and its worker threads run plain
// Node instead of transpiling TypeScript at every start (issue #14). Run by `prepare` (npm ci,
// npm install) and by the test setup; incremental, about 2 s when nothing changed.
// dist/.built is the stamp bin/sources.mjs compares src/ against: its time is when this build
// started, so a file saved while tsc ran still counts as newer than the build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.built');

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // An install without dev dependencies: the CLI runs the sources through tsx instead.
  console.error('budget-ingest build: typescript is not installed; dist/ not built (the CLI runs the TypeScript sources)');
  process.exit(0);
}

const started = new Date();
// Without the stamp the last build did not finish: start from scratch, not from its build info.
if (!fs.existsSync(stamp)) fs.rmSync(path.join(dist, '.tsbuildinfo'), { force: true });
const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) {
  // tsc emits despite type errors; without a fresh stamp the CLI keeps to the sources.
  fs.rmSync(stamp, { force: true });
  console.error('budget-ingest build: tsc failed; dist/ is not used until it builds');
  process.exit(r.status ?? 1);
}
fs.writeFileSync(stamp, `${started.toISOString()}\n`);
fs.utimesSync(stamp, started, started);

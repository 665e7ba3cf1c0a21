// The shipped JavaScript (issue #14, item 1): dist/ built by test/global-setup.ts runs in plain
// Node (no tsx) with its worker threads, finds the files it reads relative to the code (named
// queries, the gazetteer, package.json), and parses documents exactly as the sources do. The
// CLI never runs a stale dist/: bin/sources.mjs falls back to the sources when src/ is newer.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { processBytes, sha256 } from '../src/pipeline/process.ts';
import { listNamedQueries } from '../src/query/named.ts';
import { PACKAGE_VERSION } from '../src/version.ts';
// @ts-expect-error: plain JavaScript module without types
import { distIsFresh } from '../bin/sources.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FILES = ['test/fixtures/pdf/final-accounts-tables.pdf', 'test/fixtures/docx/merged-cells.docx', 'data/samples/004_c2ed7faebcfb9906.txt'];

// Run in a plain Node child: no tsx loader anywhere, so a .ts import or a missing asset fails.
const dist = (m: string) => JSON.stringify(pathToFileURL(path.join(ROOT, 'dist', m)).href);
const PROBE = `
import fs from 'node:fs';
const { WorkerPool } = await import(${dist('pipeline/pool.js')});
const { sha256 } = await import(${dist('pipeline/process.js')});
const { listNamedQueries } = await import(${dist('query/named.js')});
const { PACKAGE_VERSION } = await import(${dist('version.js')});
const pool = new WorkerPool(1);
const docs = [];
for (const f of JSON.parse(process.argv[2])) { const b = new Uint8Array(fs.readFileSync(f)); docs.push(await pool.parse(f, b, sha256(b))); }
await pool.close();
console.log(JSON.stringify({ docs, queries: listNamedQueries().map((q) => q.name), version: PACKAGE_VERSION }));
`;

test('dist/ is built and newer than src/', () => {
  expect(distIsFresh()).toBe(true);
});

test('compiled code parses in plain Node worker threads exactly as the sources do', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-probe-'));
  fs.writeFileSync(path.join(tmp, 'probe.mjs'), PROBE);
  const run = spawnSync(process.execPath, [path.join(tmp, 'probe.mjs'), JSON.stringify(FILES)], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 28 });
  fs.rmSync(tmp, { recursive: true, force: true });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const out = JSON.parse(run.stdout) as { docs: unknown[]; queries: string[]; version: string };
  expect(out.version).toBe(PACKAGE_VERSION);
  expect(out.queries).toEqual(listNamedQueries().map((q) => q.name));
  expect(out.queries.length).toBeGreaterThan(0);
  for (const [i, f] of FILES.entries()) {
    const bytes = new Uint8Array(fs.readFileSync(path.join(ROOT, f)));
    const fromSources = await processBytes(f, bytes, sha256(bytes));
    expect((fromSources as { info: { status: string } }).info.status).not.toBe('failed');
    // Through structured clone and JSON, as the compiled worker's document came.
    expect(out.docs[i]).toEqual(JSON.parse(JSON.stringify(fromSources)));
  }
});

test('the CLI keeps to the sources when src/ changed after the build', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-fresh-'));
  try {
    fs.mkdirSync(path.join(tmp, 'src/sub'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'src/sub/a.ts'), '');
    fs.writeFileSync(path.join(tmp, 'src/b.ts'), '');
    expect(distIsFresh(tmp)).toBe(false); // never built
    fs.mkdirSync(path.join(tmp, 'dist'));
    const built = path.join(tmp, 'dist/.built');
    fs.writeFileSync(built, '');
    const at = (p: string, s: number) => fs.utimesSync(p, s, s);
    for (const p of ['src', 'src/sub', 'src/sub/a.ts', 'src/b.ts']) at(path.join(tmp, p), 1_000_000);
    at(built, 2_000_000);
    expect(distIsFresh(tmp)).toBe(true);
    at(path.join(tmp, 'src/sub/a.ts'), 3_000_000); // an edit deep down
    expect(distIsFresh(tmp)).toBe(false);
    at(path.join(tmp, 'src/sub/a.ts'), 1_000_000);
    fs.rmSync(path.join(tmp, 'src/b.ts')); // a deleted module changes its folder
    expect(distIsFresh(tmp)).toBe(false);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

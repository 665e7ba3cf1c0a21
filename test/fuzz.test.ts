// Fuzz: a few hundred seeded, deterministic mutations of text, DOCX (bytes, and the XML inside)
// and PDF go through the real CLI batch runner (worker threads) in a child process. The process
// must not crash and every file must get a row (ok, partial or failed). The long run is
// `npm run fuzz` (scripts/fuzz.ts); FUZZ_CASES and FUZZ_SEED change this one.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, ROOT, rows, tempDir } from './batch-helpers.ts';
import { fuzzCase, loadSeeds } from './fixtures/hostile/mutate.ts';

afterAll(removeTempDirs);

const CASES = Number(process.env.FUZZ_CASES ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

describe('fuzz', () => {
  it(`${CASES} mutated files: no crash, a row for every file`, async () => {
    const { seeds, notes } = loadSeeds(ROOT, { small: true });
    for (const n of notes) console.warn(`fuzz: ${n}`);
    const dir = tempDir('fuzz');
    const input = path.join(dir, 'in');
    fs.mkdirSync(input);
    const names: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const c = await fuzzCase(SEED, i, seeds);
      fs.writeFileSync(path.join(input, c.name), c.bytes);
      names.push(c.name);
    }
    // Deterministic: the same seed makes the same bytes.
    expect((await fuzzCase(SEED, 7, seeds)).bytes).toEqual(new Uint8Array(fs.readFileSync(path.join(input, names[7]!))));
    const db = path.join(dir, 'fuzz.duckdb');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/budget-ingest.mjs'), 'ingest', input, '--db', db, '--workers', '2', '--progress', 'none'],
      { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
    expect(run.signal, run.stderr.slice(-2000)).toBeNull();
    expect([0, 1], run.stderr.slice(-2000)).toContain(run.status);
    const docs = await rows(db, 'SELECT source_name, status FROM documents');
    const dups = await rows(db, 'SELECT source_name FROM duplicates');
    const seen = new Set([...docs, ...dups].map((r) => String(r.source_name)));
    expect(names.filter((n) => !seen.has(n))).toEqual([]);
    expect(new Set(docs.map((d) => d.status)).size).toBeGreaterThan(1);
    for (const d of docs) expect(['ok', 'partial', 'failed', 'duplicate', 'skipped']).toContain(d.status);
  }, 300_000);
});

// A worker stopped at its time limit while OCR runs native code in it used to abort the whole
// process ("terminate called after throwing an instance of 'Napi::Error'"): one slow scanned
// file killed the batch. The pool now waits for the native call in flight (native-calls.ts).
// Run in a child process, at several limits so that some land inside model loading or a run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ocrAssets } from '../src/ocr/engine.ts';

const root = path.resolve(import.meta.dirname, '..');
const PDF = path.resolve(root, '..', 'shared', 'corpus', 'scanned', '004_c2ed7faebcfb9906.pdf');
const assets = ocrAssets();
const ready = fs.existsSync(PDF) && !('missing' in assets);
if (!ready) console.warn(`skipped "stopping a worker mid-OCR": ${'missing' in assets ? assets.missing : `${PDF} not found`}`);

describe.skipIf(!ready)('stopping a worker mid-OCR', () => {
  it('fails the file on its time limit and the process lives on', () => {
    const limits = ['1500', '3000', '4500', '6000', '8000'];
    const r = spawnSync(process.execPath, [path.join(root, 'bin/run-ts.mjs'), path.join(root, 'test/fixtures/ocr/stop-mid-ocr.ts'), PDF, ...limits], {
      cwd: root, encoding: 'utf8', timeout: 240_000, env: { ...process.env, BUDGET_INGEST_OCR_BUDGET: '3000' },
    });
    expect(r.stderr).not.toMatch(/terminate called|Napi::Error/);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe('alive');
    const results = lines.slice(0, -1).map((l) => JSON.parse(l) as { ms: number; status: string; error: string | null });
    expect(results).toHaveLength(limits.length);
    for (const x of results) {
      expect(x.status).toBe('failed');
      expect(x.error).toMatch(/longer than/);
    }
  }, 300_000);
});

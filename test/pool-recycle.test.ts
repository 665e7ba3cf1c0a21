// Parser workers whose heap grows are replaced after their file (issue #14, item 5): parsing goes
// on in the fresh worker and the documents are the same as from a worker never replaced.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { WorkerPool } from '../src/pipeline/pool.ts';
import { sha256 } from '../src/pipeline/process.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FILES = ['test/fixtures/pdf/split-table.pdf', 'data/samples/001_d071826548224e33.txt', 'test/fixtures/pdf/three-line-table.pdf'].map((f) => path.join(ROOT, f));

async function parseAll(pool: WorkerPool): Promise<unknown[]> {
  try {
    const out: unknown[] = [];
    for (const f of FILES) {
      const bytes = new Uint8Array(fs.readFileSync(f));
      out.push(await pool.parse(f, bytes, sha256(bytes)));
    }
    return out;
  } finally {
    await pool.close();
  }
}

test('a worker over the heap limit is replaced after its file; the documents do not change', async () => {
  const kept = new WorkerPool(1, 120_000);
  const fresh = new WorkerPool(1, 120_000, 0); // every heap is "too large": a new worker per file
  const [a, b] = [await parseAll(kept), await parseAll(fresh)];
  expect(kept.recycled).toBe(0);
  expect(fresh.recycled).toBe(FILES.length);
  for (const d of b) expect((d as { info: { status: string } }).info.status).not.toBe('failed');
  expect(b).toEqual(a);
});

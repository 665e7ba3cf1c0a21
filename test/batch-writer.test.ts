// The single writer batches for real (issue #14, item 4): documents that arrive one at a time,
// faster than the linger, share transactions instead of taking one each; a batch that cannot be
// written is retried one by one so only the bad document fails, and the others load whole.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { ensureSchema, type Database } from '../src/load/database.ts';
import { ensureRunLogSchema } from '../src/pipeline/runlog.ts';
import type { ProcessedDocument } from '../src/records.ts';
import { processBytes, sha256 } from '../src/pipeline/process.ts';
import { BatchWriter } from '../src/pipeline/writer.ts';
import { orphanRows, perDocumentCounts, removeTempDirs, rows, tempDir, writeVariants } from './batch-helpers.ts';

afterAll(removeTempDirs);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// What a run prepares before its first write window (runner.ts).
const schema = async (db: Database) => {
  await ensureSchema(db);
  await ensureRunLogSchema(db);
};

async function parsedVariants(n: number): Promise<ProcessedDocument[]> {
  const files = writeVariants(tempDir('writer-in'), n);
  return Promise.all(files.map(async (f) => {
    const bytes = new Uint8Array(fs.readFileSync(f));
    return processBytes(f, bytes, sha256(bytes));
  }));
}

/** Hand documents to the writer one at a time, `gapMs` apart, as parsers do; wait for every commit. */
async function feed(writer: BatchWriter, docs: ProcessedDocument[], gapMs: number): Promise<void> {
  const written: Promise<unknown>[] = [];
  for (const doc of docs) {
    written.push((await writer.add({ kind: 'document', doc })).written);
    await sleep(gapMs);
  }
  await writer.drain();
  await Promise.all(written);
}

test('documents arriving one by one share transactions, and every one loads whole', async () => {
  const docs = await parsedVariants(30);
  const db = path.join(tempDir('writer-db'), 'w.duckdb');
  const writer = new BatchWriter(db, { lingerMs: 2_000, gapMs: 10, onFirstOpen: schema });
  await feed(writer, docs, 150);
  // ~13 documents arrive per linger: a few transactions, not one per document (the writer
  // before issue #14 wrote each arrival alone once its first batch was written: 15 here).
  expect(writer.transactions).toBeLessThanOrEqual(5);
  expect(writer.transactions).toBeGreaterThanOrEqual(1);
  expect((await rows(db, 'SELECT count(*)::INTEGER AS n FROM documents'))[0]!.n).toBe(30);
  expect(await orphanRows(db)).toBe(0);

  // The same documents written one per transaction hold the same rows.
  const alone = path.join(tempDir('writer-db'), 'alone.duckdb');
  const single = new BatchWriter(alone, { batchSize: 1, lingerMs: 0, onFirstOpen: schema });
  await feed(single, docs, 0);
  expect(single.transactions).toBe(30);
  expect(await perDocumentCounts(db)).toEqual(await perDocumentCounts(alone));
});

test('a batch with a document the tables refuse: retried one by one, only that one fails', async () => {
  const docs = await parsedVariants(6);
  const bad = structuredClone(docs[3]!);
  bad.info.pages = 2 ** 40; // out of INTEGER range: the appender refuses the row
  docs[3] = bad;
  const db = path.join(tempDir('writer-db'), 'bad.duckdb');
  const writer = new BatchWriter(db, { lingerMs: 2_000, onFirstOpen: schema });
  await feed(writer, docs, 0);
  // The batch (rolled back), each document alone, and the bad one again as a failed document.
  expect(writer.transactions).toBe(1 + 6 + 1);
  const got = await rows(db, 'SELECT source_path, status, failed_stage, error FROM documents ORDER BY source_path');
  expect(got).toHaveLength(6);
  const failed = got.filter((r) => r.status === 'failed');
  expect(failed.map((r) => r.source_path)).toEqual([bad.info.source_path]);
  expect(failed[0]!.failed_stage).toBe('load');
  expect(String(failed[0]!.error)).toMatch(/could not write rows: .*int32/);
  expect(await orphanRows(db)).toBe(0);
});

// Numbers read from a document are bounded (src/extract/limits.ts): a DOCX claiming a cell
// millions of columns wide, a row skipping a billion columns, a body nested 100,000 tables
// deep or cut off half-way fails fast and small with a plain reason, in the main thread and in
// the worker pool, and the batch goes on to the next file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { xmlShape } from '../src/extract/docx/xml-depth.ts';
import { MAX_TEXT_BYTES } from '../src/extract/limits.ts';
import { formatNumber } from '../src/extract/docx/number-formats.ts';
import { processBytes } from '../src/pipeline/process.ts';
import { removeTempDirs, ROOT, rows, tempDir } from './batch-helpers.ts';
import { HOSTILE_DOCX, mutateDocumentXml, SAMPLE_DOCX, writeHostileDocx } from './fixtures/hostile/hostile-docx.ts';

afterAll(removeTempDirs);

const sample = new Uint8Array(fs.readFileSync(SAMPLE_DOCX));

describe('hostile numbers in a DOCX', () => {
  it('the unmutated sample loads (so the failures below come from the mutation)', async () => {
    const doc = await processBytes('sample.docx', sample);
    expect(doc.info.status).toBe('ok');
  });

  for (const h of HOSTILE_DOCX) {
    it(`${h.name} fails in under 2 s with a reason`, async () => {
      const bytes = await mutateDocumentXml(sample, h.mutate);
      const heap = process.memoryUsage().heapUsed;
      const t0 = performance.now();
      const doc = await processBytes(h.name, bytes);
      const ms = performance.now() - t0;
      expect(doc.info.status).toBe('failed');
      expect(doc.info.failed_stage).toBe('extract');
      expect(doc.info.error).toMatch(h.reason);
      expect(ms).toBeLessThan(2000);
      // Nothing sized by the hostile number was allocated (the 20,000,000-slot array was ~160 MB).
      expect(process.memoryUsage().heapUsed - heap).toBeLessThan(150 * 1024 * 1024);
    });
  }

  it('a text file past the text size limit fails at once, without decoding it', async () => {
    const bytes = new Uint8Array(MAX_TEXT_BYTES + 1).fill(0x61);
    const t0 = performance.now();
    const doc = await processBytes('big.txt', bytes);
    expect(doc.info.error).toBe('text file too large to be a disclosure: 32 MB (limit 32 MB)');
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('list levels and start numbers past what Word holds are bounded', async () => {
    expect(formatNumber(4_000_000_000, 'lowerLetter')).toBe('4000000000');
    expect(formatNumber(2_000_000_000, 'upperRoman')).toBe('2000000000');
    expect(formatNumber(28, 'lowerLetter')).toBe('bb');
    expect(formatNumber(14, 'upperRoman')).toBe('XIV');
  });

  it('the depth scan skips comments, CDATA and self-closing elements', () => {
    expect(xmlShape('<?xml version="1.0"?><a><!-- <b> --><![CDATA[<c>]]><d/><e x="1"></e></a>')).toEqual({ maxDepth: 2, unclosed: 0 });
    expect(xmlShape('<a><b><c>')).toEqual({ maxDepth: 3, unclosed: 3 });
  });
});

describe('hostile DOCX files in a batch', () => {
  // Peak memory of the whole CLI process (worker threads included) comes from a preload that
  // writes process.resourceUsage().maxRSS on exit.
  for (const workers of [0, 1]) {
    it(`--workers ${workers}: every hostile file gets a failed row with its reason, the batch goes on, memory stays small`, async () => {
      const dir = tempDir(`hostile-w${workers}`);
      const files = await writeHostileDocx(path.join(dir, 'in'));
      const db = path.join(dir, 'x.duckdb');
      const rssFile = path.join(dir, 'rss');
      const run = spawnSync(process.execPath, [
        '--import', path.join(ROOT, 'test/fixtures/hostile/report-rss.mjs'), path.join(ROOT, 'bin/budget-ingest.mjs'),
        'ingest', path.join(dir, 'in'), '--db', db, '--workers', String(workers), '--progress', 'none',
      ], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, REPORT_RSS_FILE: rssFile }, timeout: 120_000 });
      expect(run.signal).toBeNull();
      expect(run.status).toBe(1); // some failed, none crashed
      const got = await rows(db, 'SELECT source_name, status, error FROM documents ORDER BY source_name');
      expect(got).toHaveLength(files.length);
      for (const h of HOSTILE_DOCX) {
        const row = got.find((r) => r.source_name === h.name);
        expect(row?.status, h.name).toBe('failed');
        expect(String(row?.error), h.name).toMatch(h.reason);
      }
      const rssMb = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
      // A worker thread costs ~60 MB by itself (its own V8 heap and module graph): a batch of
      // one good DOCX peaks at ~200 MB inline, ~255 MB with one worker.
      expect(rssMb).toBeLessThan(workers === 0 ? 300 : 360);
    }, 150_000);
  }
});

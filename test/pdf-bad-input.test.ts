// PDFs that cannot be read fail with a reason naming the problem; a scanned PDF (no text
// layer) is reported as needing OCR. Run through processBytes to check the batch-facing result.
import fs from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPdf } from '../src/extract/pdf/index.ts';
import { ExtractError } from '../src/extract/types.ts';
import { processBytes } from '../src/pipeline/process.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures/pdf');
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
const run = (name: string, bytes = read(name)) => extractPdf({ path: name, bytes }, new VFile({ path: name }));

describe('PDFs that cannot be read', () => {
  it('names an encrypted PDF (qpdf AES-256, user password set)', async () => {
    await expect(run('encrypted.pdf')).rejects.toThrow(ExtractError);
    await expect(run('encrypted.pdf')).rejects.toThrow('encrypted PDF: password required');
  });

  it('reads a PDF encrypted with only an owner password (copy/print restrictions)', async () => {
    const out = await run('owner-password-only.pdf');
    expect(out.pages).toBe(2);
    expect(out.tree.children.some((b) => b.type === 'element' && b.tagName === 'table')).toBe(true);
  });

  it('names a truncated PDF', async () => {
    await expect(run('truncated.pdf')).rejects.toThrow(/corrupt or truncated PDF/);
  });

  it('names a zero-byte file and garbage after a PDF header', async () => {
    await expect(run('empty.pdf', new Uint8Array())).rejects.toThrow(/empty file/);
    await expect(run('junk.pdf', new TextEncoder().encode('%PDF-1.7\nthis is not a pdf\n'))).rejects.toThrow(ExtractError);
  });

  it('fails the document, not the batch', async () => {
    const doc = await processBytes('truncated.pdf', read('truncated.pdf'));
    expect(doc.info.status).toBe('failed');
    expect(doc.info.failed_stage).toBe('extract');
    expect(doc.info.error).toMatch(/corrupt or truncated PDF/);
    const enc = await processBytes('encrypted.pdf', read('encrypted.pdf'));
    expect(enc.info.error).toBe('encrypted PDF: password required');
  });
});

describe('a scanned PDF (page image, no text layer)', () => {
  // OCR switched off, as on a machine without the OCR packages (test/ocr.test.ts reads scans).
  beforeAll(() => { process.env.BUDGET_INGEST_OCR = 'off'; });
  afterAll(() => { delete process.env.BUDGET_INGEST_OCR; });

  it('is reported as needing OCR, with the reason OCR did not run', async () => {
    const out = await run('scanned.pdf');
    expect(out.needsOcr).toBe(true);
    expect(out.pages).toBe(1);
    const doc = await processBytes('scanned.pdf', read('scanned.pdf'));
    expect(doc.info.status).toBe('partial');
    expect(doc.info.error).toMatch(/needs OCR/);
    expect(doc.info.error).toMatch(/OCR switched off/);
  });

  it('is not confused with a PDF that has text', async () => {
    expect((await run('split-table.pdf')).needsOcr).toBeUndefined();
  });
});

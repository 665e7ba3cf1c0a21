// One file through every stage: read → sniff → extract → recognize → normalize, zod-checked at
// each boundary. Never throws for a bad document: a failure becomes a `failed` document with
// the stage and a reason naming what is wrong, so a batch always goes on.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { VFile } from 'vfile';
import { ExtractError, extractorFor, sniffFile } from '../extract/index.ts';
import { textOf } from '../ir/text.ts';
import { messageRecords, report } from '../messages.ts';
import { normalizeRecord } from '../normalize/index.ts';
import { recognize } from '../recognize/index.ts';
import {
  NormalizedDocumentSchema, RawDocumentSchema, type DocumentInfo, type Format, type ProcessedDocument,
} from '../records.ts';
import { PIPELINE_VERSION } from '../version.ts';
import { readSourceFile } from './read-source.ts';
import { contentKey, contentRows } from './fingerprint.ts';
import { sourceNameOf } from './member-names.ts';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function docIdOf(hash: string): string {
  return hash.slice(0, 16);
}

export function reasonOf(err: unknown): string {
  if (err instanceof ExtractError) return err.message;
  if (err && typeof err === 'object' && 'issues' in err) {
    // zod error: name the first offending field.
    const issue = (err as { issues: { path: PropertyKey[]; message: string }[] }).issues[0];
    return `invalid record at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`;
  }
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'file was removed before it could be read';
  if (e?.code === 'EACCES') return 'permission denied';
  const message = e?.message ?? String(err);
  for (const [pattern, plain] of PLAIN_REASONS) if (pattern.test(message)) return plain(message);
  return message;
}

// Runtime errors a damaged file provokes inside a parser, said in words an operator can act on.
const PLAIN_REASONS: [RegExp, (message: string) => string][] = [
  [/^Maximum call stack size exceeded/, () => 'damaged file: its structure is nested too deeply to read (stack overflow while parsing)'],
  [/^Not implemented/i, (m) => `the file uses a feature the reader does not support (${m})`],
  [/^Invalid (array|typed array|string) length|^Array buffer allocation failed|^Invalid string length/, () => 'damaged file: a size or count read from it is too large to hold'],
];

/**
 * Share of a text's visible characters that are not text: private-use code points, U+FFFD and
 * control characters, what a PDF font without a Unicode map extracts as.
 */
export function undecodableShare(text: string): number {
  let bad = 0;
  let all = 0;
  for (const ch of text) {
    if (/\s/.test(ch)) continue;
    all++;
    const c = ch.codePointAt(0)!;
    if (c === 0xfffd || (c >= 0xe000 && c <= 0xf8ff) || c < 0x20 || (c >= 0x7f && c < 0xa0) || c >= 0xf0000) bad++;
  }
  return all === 0 ? 0 : bad / all;
}

/**
 * Test hooks (test/in-progress.test.ts): parsing a file named exactly as
 * BUDGET_INGEST_TEST_HANG_ON never ends (a test kills the run mid-parse); one named as
 * BUDGET_INGEST_TEST_ABORT_ON aborts the process. Only under vitest (VITEST is set in its
 * processes and their children); never in production.
 */
async function testHook(filePath: string): Promise<void> {
  if (!process.env.VITEST) return;
  const name = path.basename(filePath);
  if (process.env.BUDGET_INGEST_TEST_HANG_ON === name) await new Promise(() => setInterval(() => undefined, 60_000));
  // As V8's fatal "invalid size" error does: the whole process ends with SIGABRT.
  // (process.abort() is not available in worker threads; a signal to the process is.)
  if (process.env.BUDGET_INGEST_TEST_ABORT_ON === name) process.kill(process.pid, 'SIGABRT');
}

/** Process bytes already read (workers and tests call this). */
export async function processBytes(filePath: string, bytes: Uint8Array, hash = sha256(bytes)): Promise<ProcessedDocument> {
  const file = new VFile({ path: filePath });
  const info: DocumentInfo = {
    doc_id: docIdOf(hash), source_name: sourceNameOf(filePath), source_path: filePath, format: null,
    sha256: hash, bytes: bytes.length, pages: null, status: 'ok', error: null, failed_stage: null,
    pipeline_version: PIPELINE_VERSION,
  };
  let stage = 'read';
  const fail = (err: unknown): ProcessedDocument => {
    const reason = reasonOf(err);
    report(file, reason, { stage, rule: 'document-failed', severity: 'error' });
    return { info: { ...info, status: 'failed', error: reason, failed_stage: stage }, record: null, messages: messageRecords(file) };
  };
  try {
    await testHook(filePath);
    stage = 'sniff';
    const { format, note } = sniffFile(bytes, filePath);
    info.format = format;
    if (note) report(file, note, { stage, rule: 'format-mislabelled', severity: 'info' });
    stage = 'extract';
    const extracted = await (await extractorFor(format))({ path: filePath, bytes }, file);
    info.pages = extracted.pages;
    if (extracted.ocr?.pages.length) info.ocr_pages = extracted.ocr.pages.length;
    stage = 'recognize';
    // The zod checks at the two boundaries below are the only ones on this path (normalizeRecord
    // does not check again).
    const raw = RawDocumentSchema.parse(recognize(extracted.tree, file));
    stage = 'normalize';
    const record = NormalizedDocumentSchema.parse(normalizeRecord(raw, file));
    const messages = messageRecords(file);
    // failed_stage also names where a partial document lost its content (the failures view lists it).
    if (extracted.needsOcr) {
      info.status = 'partial';
      info.error = `needs OCR: no text layer${extracted.ocr?.unavailable ? ` (${extracted.ocr.unavailable})` : ''}`;
      info.failed_stage = 'extract';
    } else if (record.projects.length === 0 && record.budget_tables.length === 0 && format === 'txt' && record.doc_type !== 'final_accounts') {
      // A text file with nothing of a disclosure in it is a note or a listing next to the
      // documents (README.txt), not a document that failed: listed as skipped.
      info.status = 'skipped';
      info.error = 'not a disclosure: a text file with no budget tables or performance targets';
      info.failed_stage = 'recognize';
    } else if (record.projects.length === 0 && record.budget_tables.length === 0) {
      info.status = 'partial';
      info.error = undecodableShare(textOf(extracted.tree)) >= 0.2
        ? 'the text layer could not be decoded (fonts without a Unicode map): no budget tables read; needs OCR'
        : record.doc_type === 'final_accounts'
          ? 'a 决算 (final accounts) with no 决算 tables found'
          // The contents list tables the file does not print (src/recognize/contents.ts).
          : messages.find((m) => m.rule === 'contents-tables-absent')?.text
            ?? 'no budget tables or performance targets found (not a budget disclosure?)';
      info.failed_stage = 'recognize';
    } else if (messages.some((m) => m.severity === 'error')) {
      info.status = 'partial';
      info.error = messages.find((m) => m.severity === 'error')!.text;
    } else if (record.coverage_problems.length > 0) {
      // The coverage audit found a column no field takes, or too many cells that went nowhere.
      info.status = 'partial';
      info.error = record.coverage_problems.join('; ');
      info.failed_stage = 'recognize';
    }
    info.content_key = contentKey(record);
    info.content_rows = contentRows(record);
    return { info, record, messages };
  } catch (err) {
    return fail(err);
  }
}

/** Read a file (regular files only, up to the size cap: read-source.ts) and process it. */
export async function processFile(filePath: string, maxBytes?: number): Promise<ProcessedDocument> {
  const read = await readSourceFile(filePath, maxBytes);
  if ('reason' in read) return unreadableDocument(filePath, read.reason);
  return processBytes(filePath, read.bytes);
}

/**
 * A file that could not be read (not a regular file, empty, too large, gone): a failed document
 * under a stable pseudo-hash of its path and reason, so it is recorded once, skipped as
 * unchanged afterwards, and replaced once it changes.
 */
export function unreadableDocument(filePath: string, reason: string): ProcessedDocument {
  const hash = sha256(Buffer.from(`unreadable:${path.resolve(filePath)}:${reason}`));
  return failedDocument(filePath, { hash, bytes: 0, stage: 'read', reason });
}

/**
 * A failed document built outside the stages (the batch runner uses it when a parser worker
 * crashes or times out, or a document cannot be written), with the same shape as the others.
 */
export function failedDocument(filePath: string, opts: { hash: string; bytes: number; stage: string; reason: string; format?: Format | null }): ProcessedDocument {
  const file = new VFile({ path: filePath });
  report(file, opts.reason, { stage: opts.stage, rule: 'document-failed', severity: 'error' });
  return {
    info: {
      doc_id: docIdOf(opts.hash), source_name: sourceNameOf(filePath), source_path: filePath, format: opts.format ?? null,
      sha256: opts.hash, bytes: opts.bytes, pages: null, status: 'failed', error: opts.reason, failed_stage: opts.stage,
      pipeline_version: PIPELINE_VERSION,
    },
    record: null,
    messages: messageRecords(file),
  };
}

/** A file skipped by its name alone (src/pipeline/stray.ts), never read: keyed by its path. */
export function skippedDocument(filePath: string, reason: string): ProcessedDocument {
  const hash = sha256(Buffer.from(`skipped:${path.resolve(filePath)}`));
  return {
    info: {
      doc_id: docIdOf(hash), source_name: path.basename(filePath), source_path: filePath, format: null, sha256: hash,
      bytes: 0, pages: null, status: 'skipped', error: reason, failed_stage: 'sniff', pipeline_version: PIPELINE_VERSION,
    },
    record: null,
    messages: [],
  };
}

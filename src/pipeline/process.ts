// One file through every stage: read → sniff → extract → recognize → normalize, zod-checked at
// each boundary. Never throws for a bad document: a failure becomes a `failed` document with
// the stage and a reason naming what is wrong, so a batch always goes on.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { VFile } from 'vfile';
import { ExtractError, extractorFor, sniffFormat } from '../extract/index.ts';
import { messageRecords, report } from '../messages.ts';
import { normalizeRecord } from '../normalize/index.ts';
import { recognize } from '../recognize/index.ts';
import {
  NormalizedDocumentSchema, RawDocumentSchema, type DocumentInfo, type Format, type ProcessedDocument,
} from '../records.ts';
import { PIPELINE_VERSION } from '../version.ts';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function docIdOf(hash: string): string {
  return hash.slice(0, 16);
}

function reasonOf(err: unknown): string {
  if (err instanceof ExtractError) return err.message;
  if (err && typeof err === 'object' && 'issues' in err) {
    // zod error: name the first offending field.
    const issue = (err as { issues: { path: PropertyKey[]; message: string }[] }).issues[0];
    return `invalid record at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`;
  }
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'file vanished before it could be read';
  if (e?.code === 'EACCES') return 'permission denied';
  return e?.message ?? String(err);
}

/** Process bytes already read (workers and tests call this). */
export async function processBytes(filePath: string, bytes: Uint8Array, hash = sha256(bytes)): Promise<ProcessedDocument> {
  const file = new VFile({ path: filePath });
  const info: DocumentInfo = {
    doc_id: docIdOf(hash), source_name: path.basename(filePath), source_path: filePath, format: null,
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
    stage = 'sniff';
    const format: Format = sniffFormat(bytes, filePath);
    info.format = format;
    stage = 'extract';
    const extracted = await (await extractorFor(format))({ path: filePath, bytes }, file);
    info.pages = extracted.pages;
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
      info.error = 'needs OCR: no text layer';
      info.failed_stage = 'extract';
    } else if (record.projects.length === 0 && record.budget_tables.length === 0) {
      info.status = 'partial';
      info.error = record.doc_type === 'final_accounts'
        ? '决算 (final accounts), not a budget: its tables are not loaded as budget lines'
        : 'no budget tables or performance targets found (not a budget disclosure?)';
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
    return { info, record, messages };
  } catch (err) {
    return fail(err);
  }
}

/** Read a file and process it. */
export async function processFile(filePath: string): Promise<ProcessedDocument> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await fs.readFile(filePath));
  } catch (err) {
    const file = new VFile({ path: filePath });
    const reason = reasonOf(err);
    report(file, reason, { stage: 'read', rule: 'document-failed', severity: 'error' });
    const hash = sha256(Buffer.from(`unreadable:${path.resolve(filePath)}`));
    return {
      info: {
        doc_id: docIdOf(hash), source_name: path.basename(filePath), source_path: filePath, format: null, sha256: hash,
        bytes: 0, pages: null, status: 'failed', error: reason, failed_stage: 'read', pipeline_version: PIPELINE_VERSION,
      },
      record: null,
      messages: messageRecords(file),
    };
  }
  return processBytes(filePath, bytes);
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
      doc_id: docIdOf(opts.hash), source_name: path.basename(filePath), source_path: filePath, format: opts.format ?? null,
      sha256: opts.hash, bytes: opts.bytes, pages: null, status: 'failed', error: opts.reason, failed_stage: opts.stage,
      pipeline_version: PIPELINE_VERSION,
    },
    record: null,
    messages: messageRecords(file),
  };
}

/** Loaded, but nothing of a budget disclosure was found in it (not one, or a scan needing OCR). */
export function loadedNothing(doc: ProcessedDocument): boolean {
  return doc.info.status !== 'failed' && (!doc.record || (doc.record.projects.length === 0 && doc.record.budget_tables.length === 0));
}

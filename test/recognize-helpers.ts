// Shared by the recognizer tests: run the real extractor of a fixture's format, then recognize.
import fs from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { extractorFor, sniffFormat } from '../src/extract/index.ts';
import type { Root } from '../src/ir/nodes.ts';
import { messageRecords } from '../src/messages.ts';
import { recognize } from '../src/recognize/index.ts';
import { RawDocumentSchema, type RawDocument, type MessageRecord } from '../src/records.ts';

export const FIXTURES = path.join(import.meta.dirname, 'fixtures');

export async function recognizeFixture(rel: string): Promise<{ doc: RawDocument; messages: MessageRecord[]; raw: string | null }> {
  const p = path.resolve(FIXTURES, rel);
  const bytes = new Uint8Array(fs.readFileSync(p));
  const file = new VFile({ path: p });
  const format = sniffFormat(bytes, p);
  const extracted = await (await extractorFor(format))({ path: p, bytes }, file);
  const doc = RawDocumentSchema.parse(recognize(extracted.tree, file));
  return { doc, messages: messageRecords(file), raw: format === 'txt' ? fs.readFileSync(p, 'utf8') : null };
}

export function recognizeTree(tree: Root): { doc: RawDocument; messages: MessageRecord[] } {
  const file = new VFile({ path: 'synthetic' });
  const doc = RawDocumentSchema.parse(recognize(tree, file));
  return { doc, messages: messageRecords(file) };
}

/** Projects without source positions, to compare what two formats of one document give. */
export function withoutSources(doc: RawDocument) {
  return doc.projects.map(({ source: _s, indicators, ...p }) => ({
    ...p, indicators: indicators.map(({ source: _i, ...ind }) => ind),
  }));
}

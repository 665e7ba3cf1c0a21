// Errors raised where nobody awaits them. pdf.js rejects some internal promises (its fake
// worker's message handlers, stream readers, clean-up) outside the awaits of our code when a
// PDF is damaged; in Node an unhandled rejection ends the whole process (exit 1), losing the
// batch. While a file is parsed, such rejections are caught here and recorded on that file as
// a warning instead. Installed in the main thread (--workers 0) and in each parser worker.
import { VFile } from 'vfile';
import { messageRecords, report } from '../messages.ts';
import type { ProcessedDocument } from '../records.ts';

let stray: string[] = [];
let installed = false;
let active = 0;

function install(): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (err) => {
    const message = (err as Error)?.message ?? String(err);
    // Between files there is no document to record it on: say so rather than swallow it.
    if (active === 0) console.error(`budget-ingest: an error was raised outside any await between files (ignored): ${message}`);
    else stray.push(message);
  });
}

/** Run `parse`, then attach any error raised outside it meanwhile to its document as a warning. */
export async function withStrayErrors(filePath: string, parse: () => Promise<ProcessedDocument>): Promise<ProcessedDocument> {
  install();
  stray = [];
  active++;
  let doc: ProcessedDocument;
  try {
    doc = await parse();
    // Late rejections of the file's clean-up arrive on the next turns of the event loop.
    await new Promise((r) => setImmediate(r));
  } finally {
    active--;
  }
  if (stray.length === 0) return doc;
  const file = new VFile({ path: filePath });
  const kinds = [...new Set(stray)];
  report(file, `the parser raised ${stray.length} error${stray.length > 1 ? 's' : ''} outside its control while reading this file (ignored): ${kinds.slice(0, 3).join('; ')}`,
    { stage: 'extract', rule: 'stray-error', severity: 'warning' });
  stray = [];
  const added = messageRecords(file).map((m) => ({ ...m, message_seq: doc.messages.length + m.message_seq }));
  return { ...doc, messages: [...doc.messages, ...added] };
}

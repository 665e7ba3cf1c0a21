// Opens a PDF with pdf.js in Node: legacy build, parsing on the main thread (no worker
// thread), CMaps and standard fonts from the installed package. Maps pdf.js failures to
// ExtractError reasons an operator can act on.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { ExtractError } from '../types.ts';

type PdfJs = typeof import('pdfjs-dist');

const require = createRequire(import.meta.url);
const PKG_DIR = path.dirname(require.resolve('pdfjs-dist/package.json'));
// pdf.js wants directory URLs with a trailing slash; in Node plain filesystem paths are read
// with fs (a file:// URL would be fetched and fail).
const CMAP_DIR = path.join(PKG_DIR, 'cmaps') + path.sep;
const FONT_DIR = path.join(PKG_DIR, 'standard_fonts') + path.sep;

let loaded: Promise<PdfJs> | undefined;

/** pdf.js, loaded once. The worker's message handler is installed on the main thread so that
 * pdf.js's "fake worker" uses it directly instead of importing a path relative to the build. */
export function pdfjs(): Promise<PdfJs> {
  loaded ??= (async () => {
    // The legacy build's core-js polyfills replace these built-ins process-wide on Node 20
    // (their feature checks fail on this V8), making JSON.stringify ~50x slower everywhere:
    // keep the natives (issue #14, item 2).
    const natives = { push: Array.prototype.push, stringify: JSON.stringify, parse: JSON.parse };
    try {
      return await importPdfJs();
    } finally {
      Array.prototype.push = natives.push;
      JSON.stringify = natives.stringify;
      JSON.parse = natives.parse;
    }
  })();
  return loaded;
}

async function importPdfJs(): Promise<PdfJs> {
  {
    const workerUrl = pathToFileURL(path.join(PKG_DIR, 'legacy/build/pdf.worker.mjs')).href;
    const worker = (await import(workerUrl)) as { WorkerMessageHandler: unknown };
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= { WorkerMessageHandler: worker.WorkerMessageHandler };
    const lib = (await import(pathToFileURL(path.join(PKG_DIR, 'legacy/build/pdf.mjs')).href)) as PdfJs;
    return lib;
  }
}

/** Why pdf.js could not open a document, in words. */
export function openFailure(err: unknown): ExtractError {
  const name = (err as { name?: string })?.name ?? '';
  const message = (err as { message?: string })?.message ?? String(err);
  if (name === 'PasswordException') return new ExtractError('encrypted PDF: password required', 'pdf');
  if (name === 'InvalidPDFException') return new ExtractError(`corrupt or truncated PDF: ${message}`, 'pdf');
  if (name === 'FormatError') return new ExtractError(`malformed PDF: ${message}`, 'pdf');
  if (name === 'UnknownErrorException') return new ExtractError(`unreadable PDF: ${message}`, 'pdf');
  return new ExtractError(`unreadable PDF: ${message}`, 'pdf');
}

export async function openPdf(bytes: Uint8Array): Promise<{ lib: PdfJs; doc: PDFDocumentProxy }> {
  if (bytes.length === 0) throw new ExtractError('empty file (0 bytes)', 'pdf');
  const lib = await pdfjs();
  const task = lib.getDocument({
    // pdf.js takes ownership of (detaches) the buffer it is given: pass a copy.
    data: new Uint8Array(bytes),
    cMapUrl: CMAP_DIR,
    cMapPacked: true,
    standardFontDataUrl: FONT_DIR,
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    stopAtErrors: false,
    verbosity: lib.VerbosityLevel.ERRORS,
  });
  try {
    return { lib, doc: await task.promise };
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw openFailure(err);
  }
}

// Opens a DOCX (a zip of XML parts) safely: the central directory is checked against limits
// before anything is inflated, every read is capped at the entry's declared size and the
// remaining byte budget, and a zip that is not a Word document is named for what it is.
import JSZip from 'jszip';
import { ExtractError } from '../types.ts';
import { checkXmlShape } from './xml-depth.ts';
import { readZipDirectory, type ZipEntryInfo } from './zip-directory.ts';
import { checkZipLimits, DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-limits.ts';

/** The zip interface mammoth reads through (its `{ file }` input). */
export interface MammothFile {
  exists(name: string): boolean;
  read(name: string, encoding?: string): Promise<string | Uint8Array>;
}

export interface DocxPackage {
  entries: ZipEntryInfo[];
  /** Path of the main document part, normally `word/document.xml`. */
  mainPart: string;
  exists(name: string): boolean;
  read(name: string): Promise<Uint8Array>;
  readText(name: string): Promise<string>;
  /** The part the main document relates to with a relationship type ending in `/type` (e.g. `numbering`), if present. */
  relatedPart(type: string): Promise<string | null>;
  /** mammoth's view of the package, with some parts replaced by the given text. */
  forMammoth(overrides: Map<string, string>): MammothFile;
}

/** jszip's chunked reader (public API, missing from its typings for JSZipObject). */
interface JSZipStream {
  on(event: 'data', cb: (chunk: Uint8Array) => void): JSZipStream;
  on(event: 'error', cb: (err: Error) => void): JSZipStream;
  on(event: 'end', cb: () => void): JSZipStream;
  pause(): JSZipStream;
  resume(): JSZipStream;
}

const OFFICE_DOCUMENT_REL = /\/officeDocument$/;

/** What a zip holds when it is not a Word document, for the error message. */
function describeOtherZip(names: string[]): string {
  if (names.some((n) => n.startsWith('xl/'))) return 'an Excel workbook (.xlsx), not a Word document';
  if (names.some((n) => n.startsWith('ppt/'))) return 'a PowerPoint file (.pptx), not a Word document';
  if (names.includes('mimetype')) return 'an OpenDocument file (.odt/.ods), not a Word document';
  return 'a zip archive without word/document.xml, not a Word document';
}

/** Target of the first relationship whose type matches (as written, maybe relative). */
function relTarget(rels: string, type: RegExp): string | null {
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const relType = /\bType="([^"]*)"/.exec(m[0])?.[1] ?? '';
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (type.test(relType) && target) return target;
  }
  return null;
}

/** Target of the officeDocument relationship in _rels/.rels (without a leading '/'). */
function mainPartFromRels(rels: string): string | null {
  return relTarget(rels, OFFICE_DOCUMENT_REL)?.replace(/^\//, '') ?? null;
}

/**
 * Open an Office Open XML package. `defaultMainPart` is the main part assumed when the package
 * has no _rels/.rels (the XLSX reader passes xl/workbook.xml).
 */
export async function openDocxPackage(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS, defaultMainPart = 'word/document.xml'): Promise<DocxPackage> {
  const entries = readZipDirectory(bytes);
  checkZipLimits(entries, limits);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (err) {
    throw new ExtractError(`not a DOCX: damaged zip archive (${(err as Error).message})`, 'docx');
  }
  const declared = new Map(entries.map((e) => [e.name, e.uncompressedSize]));
  let budget = limits.maxTotalBytes;

  const exists = (name: string) => zip.file(name) !== null;
  const read = async (name: string): Promise<Uint8Array> => {
    const entry = zip.file(name);
    if (!entry) throw new ExtractError(`damaged DOCX: part ${name} is missing`, 'docx');
    // Declared sizes can lie: stop inflating as soon as the real size passes them.
    // (A name decoded differently from the directory's falls back to the total budget.)
    const cap = Math.min(declared.get(name) ?? budget, budget);
    const chunks: Uint8Array[] = [];
    let size = 0;
    // jszip's internal stream inflates chunk by chunk (pako), so the cap bounds memory.
    const stream = (entry as unknown as { internalStream(type: 'uint8array'): JSZipStream }).internalStream('uint8array');
    await new Promise<void>((resolve, reject) => {
      stream
        .on('data', (chunk: Uint8Array) => {
          size += chunk.length;
          if (size > cap) {
            stream.pause();
            reject(new ExtractError(`zip bomb suspected: ${name} inflates beyond ${cap === budget ? 'the size limit' : `its declared ${cap} bytes`}`, 'docx'));
          } else {
            chunks.push(chunk);
          }
        })
        .on('error', (err: Error) => reject(new ExtractError(`damaged DOCX: cannot inflate ${name} (${err.message})`, 'docx')))
        .on('end', () => resolve())
        .resume();
    });
    budget -= size;
    return new Uint8Array(Buffer.concat(chunks, size));
  };
  const readText = async (name: string) => new TextDecoder('utf-8').decode(await read(name));

  let mainPart = defaultMainPart;
  if (exists('_rels/.rels')) mainPart = mainPartFromRels(await readText('_rels/.rels')) ?? mainPart;
  if (!exists(mainPart)) {
    if (mainPart !== defaultMainPart && exists(defaultMainPart)) mainPart = defaultMainPart;
    else throw new ExtractError(`not a DOCX: ${describeOtherZip(entries.map((e) => e.name))}`, 'docx');
  }

  const relatedPart = async (type: string): Promise<string | null> => {
    const slash = mainPart.lastIndexOf('/');
    const folder = slash >= 0 ? mainPart.slice(0, slash + 1) : '';
    const relsPath = `${folder}_rels/${mainPart.slice(slash + 1)}.rels`;
    if (!exists(relsPath)) return null;
    const target = relTarget(await readText(relsPath), new RegExp(`/${type}$`));
    if (!target) return null;
    const resolved = target.startsWith('/') ? target.slice(1) : folder + target;
    return exists(resolved) ? resolved : null;
  };

  return {
    entries, mainPart, exists, read, readText, relatedPart,
    forMammoth(overrides) {
      return {
        exists: (name) => overrides.has(name) || exists(name),
        async read(name, encoding) {
          const replaced = overrides.get(name);
          if (replaced !== undefined && encoding && encoding !== 'base64') return replaced;
          const data = replaced !== undefined ? new TextEncoder().encode(replaced) : await read(name);
          // mammoth parses every XML part it reads (footnotes, comments, relationships…)
          // recursively: refuse one nested too deep or cut off before it does.
          if (replaced === undefined && /\.(xml|rels)$/i.test(name)) checkXmlShape(new TextDecoder('utf-8').decode(data), name);
          if (encoding === 'base64') return Buffer.from(data).toString('base64');
          return encoding ? new TextDecoder(encoding).decode(data) : data;
        },
      };
    },
  };
}

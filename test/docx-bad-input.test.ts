import fs from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { extractDocx } from '../src/extract/docx/index.ts';
import { readZipDirectory, type ZipEntryInfo } from '../src/extract/docx/zip-directory.ts';
import { checkZipLimits } from '../src/extract/docx/zip-limits.ts';
import { sniffFormat } from '../src/extract/sniff.ts';
import { processBytes } from '../src/pipeline/process.ts';
import { ExtractError } from '../src/extract/types.ts';

const dir = path.join(import.meta.dirname, 'fixtures/docx');
const bytesOf = (name: string) => new Uint8Array(fs.readFileSync(path.join(dir, name)));

/** The reason extractDocx gives for a file (it must throw an ExtractError). */
async function reason(name: string): Promise<string> {
  try {
    await extractDocx({ path: name, bytes: bytesOf(name) }, new VFile({ path: name }));
  } catch (err) {
    expect(err).toBeInstanceOf(ExtractError);
    return (err as Error).message;
  }
  throw new Error(`${name} was extracted without error`);
}

describe('DOCX bad input fails with a reason', () => {
  it('not a zip', async () => {
    expect(await reason('not-a-zip.docx')).toMatch(/^not a DOCX: no zip central directory/);
    expect(() => sniffFormat(bytesOf('not-a-zip.docx'), 'not-a-zip.docx')).toThrow(/not a zip archive/);
  });

  it('a truncated zip (local headers present, central directory cut off)', async () => {
    expect(sniffFormat(bytesOf('truncated.docx'), 'truncated.docx')).toBe('docx');
    expect(await reason('truncated.docx')).toMatch(/^not a DOCX: .*(corrupt, truncated or mislabelled file)/);
  });

  it('a zip without word/document.xml', async () => {
    expect(await reason('workbook-as.docx')).toBe('not a DOCX: an Excel workbook (.xlsx), not a Word document');
  });

  it('a password-protected (encrypted OLE) document', async () => {
    expect(await reason('encrypted.docx')).toBe('password-protected (encrypted) Office document');
    expect(() => sniffFormat(bytesOf('encrypted.docx'), 'encrypted.docx')).toThrow(/password-protected/);
  });

  it('a legacy binary .doc is not read as DOCX; the sniffer sends it to the .doc reader, also when named .docx', async () => {
    expect(await reason('legacy.doc')).toMatch(/^legacy binary Word\/Office file \(\.doc\)/);
    expect(sniffFormat(bytesOf('legacy.doc'), 'report.docx')).toBe('doc');
  });

  it('a zip bomb, refused from its central directory before inflating', async () => {
    const dirEntries = readZipDirectory(bytesOf('zip-bomb.docx'));
    const pad = dirEntries.find((e) => e.name === 'word/media/padding.bin')!;
    expect(pad.uncompressedSize).toBe(210 * 1024 * 1024);
    expect(await reason('zip-bomb.docx')).toMatch(/^zip bomb suspected: word\/media\/padding\.bin inflates \d+:1 to 210 MB/);
  });

  it('a zip bomb whose central directory lies about sizes, stopped while inflating', async () => {
    const before = process.memoryUsage();
    expect(await reason('zip-bomb-lying.docx')).toBe('zip bomb suspected: word/document.xml inflates beyond its declared 2000 bytes');
    const after = process.memoryUsage();
    // The entry inflates to 64 MB; reading stops after the first chunk past 2000 bytes.
    expect(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers).toBeLessThan(48 * 1024 * 1024);
  });

  it('zip limits: total declared size, entry count and encrypted entries', () => {
    const entry = (name: string, size: number, packed = size / 10): ZipEntryInfo =>
      ({ name, uncompressedSize: size, compressedSize: packed, method: 8, encrypted: false, localHeaderOffset: 0, crc32: 0, nameEncoding: 'utf-8' });
    const mb = 1024 * 1024;
    // Each part compresses only 10:1, but together they would inflate past 200 MB.
    expect(() => checkZipLimits([entry('a.xml', 80 * mb), entry('b.xml', 80 * mb), entry('c.xml', 80 * mb)]))
      .toThrow('zip bomb suspected: entries inflate to 240 MB in total (limit 200 MB)');
    expect(() => checkZipLimits(Array.from({ length: 20_000 }, (_, i) => entry(`f${i}`, 10))))
      .toThrow('zip bomb suspected: 20000 entries (limit 10000)');
    expect(() => checkZipLimits([{ ...entry('word/document.xml', 1000), encrypted: true }]))
      .toThrow('password-protected zip archive (entry word/document.xml is encrypted)');
    // A real document passes.
    expect(() => checkZipLimits(readZipDirectory(bytesOf('000_8673c46da405b13e.docx')))).not.toThrow();
  });

  it('the batch goes on: good files still extract after bad ones', async () => {
    for (const bad of ['not-a-zip.docx', 'zip-bomb.docx', 'encrypted.docx']) await reason(bad);
    const file = new VFile({ path: 'merged-cells.docx' });
    const { tree } = await extractDocx({ path: 'merged-cells.docx', bytes: bytesOf('merged-cells.docx') }, file);
    expect(tree.children.length).toBeGreaterThan(0);
  });

  it('in the pipeline, each bad file becomes a failed document with its reason and the next file loads', async () => {
    const names = ['not-a-zip.docx', 'truncated.docx', 'workbook-as.docx', 'encrypted.docx',
      'zip-bomb.docx', 'zip-bomb-lying.docx', '000_8673c46da405b13e.docx'];
    const results = [];
    for (const name of names) results.push(await processBytes(name, bytesOf(name)));
    const failed = results.slice(0, -1);
    expect(failed.map((r) => r.info.status)).toEqual(failed.map(() => 'failed'));
    expect(failed.map((r) => r.info.error)).toEqual([
      'not a DOCX: not a zip archive (corrupt or mislabelled file)',
      'not a DOCX: no zip central directory (corrupt, truncated or mislabelled file)',
      // Sniffed by content: a workbook named .docx is read as the (here damaged) workbook it is.
      'XLSX workbook has no worksheets',
      'password-protected (encrypted) Office document',
      'zip bomb suspected: word/media/padding.bin inflates 1029:1 to 210 MB (limit 500:1)',
      'zip bomb suspected: word/document.xml inflates beyond its declared 2000 bytes',
    ]);
    expect(results.at(-1)!.info.status).toBe('ok');
    expect(results.at(-1)!.record!.projects.length).toBeGreaterThan(0);
  });
});

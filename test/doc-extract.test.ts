// Legacy Word (.doc, RTF under a Word name): read through LibreOffice, tables with their merged
// cells; without LibreOffice a clear failure saying how to install it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { VFile } from 'vfile';
import { afterEach, describe, expect, it } from 'vitest';
import { extractDoc } from '../src/extract/doc/index.ts';
import { convertToDocx, findSoffice } from '../src/extract/doc/soffice.ts';
import { ExtractError } from '../src/extract/types.ts';
import { sniffFormat } from '../src/extract/sniff.ts';
import { processBytes } from '../src/pipeline/process.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS_DOC = path.join(ROOT, '../shared/corpus/doc');
const hasSoffice = findSoffice() !== null;
const hasCorpus = fs.existsSync(CORPUS_DOC);
if (!hasSoffice) console.log('doc-extract: LibreOffice (soffice) not installed; conversion tests skipped');
if (!hasCorpus) console.log('doc-extract: ../shared/corpus/doc missing; corpus .doc tests skipped');

const tables = (tree: Root) => tree.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'table');
const cells = (table: Element) => table.children.flatMap((tr) => (tr.type === 'element' ? tr.children : [])).filter((c): c is Element => c.type === 'element');
const textOf = (n: Element | Root): string => n.children.map((c) => (c.type === 'text' ? c.value : c.type === 'element' ? textOf(c) : '')).join('');

/** A minimal OLE compound file header naming a WordDocument stream: enough for the sniffer, not for Word. */
function fakeWordBinary(): Uint8Array {
  const bytes = new Uint8Array(2048);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  bytes.set(Buffer.from('Root Entry', 'utf16le'), 1024);
  bytes.set(Buffer.from('WordDocument', 'utf16le'), 1024 + 128);
  return bytes;
}

// A table whose first column is merged over two rows (\clvmgf starts, \clvmrg continues).
const RTF_MERGED = String.raw`{\rtf1\ansi\deff0{\fonttbl{\f0 Arial;}}
\pard\plain 2024\u24180?\u37096?\u38376?\u39044?\u31639?\par
\trowd\trgaph100\clvmgf\cellx2000\cellx4000\cellx6000
\pard\intbl merged\cell B1\cell C1\cell\row
\trowd\trgaph100\clvmrg\cellx2000\cellx4000\cellx6000
\pard\intbl\cell B2\cell C2\cell\row
\pard after\par}`;

describe('legacy Word sniffing', () => {
  it('takes a Word 97–2003 binary as doc by content, and RTF only under a Word name', () => {
    expect(sniffFormat(fakeWordBinary(), 'notice.bin')).toBe('doc');
    expect(sniffFormat(new TextEncoder().encode(RTF_MERGED), 'a.doc')).toBe('doc');
    expect(sniffFormat(new TextEncoder().encode(RTF_MERGED), 'a.rtf')).toBe('doc');
  });
});

describe('legacy Word without LibreOffice', () => {
  const saved = process.env.PATH;
  afterEach(() => {
    process.env.PATH = saved;
  });
  it('fails the document with the reason and the install command', async () => {
    process.env.PATH = path.join(ROOT, 'test/fixtures');  // no soffice there
    const doc = await processBytes('dept/notice.doc', fakeWordBinary());
    expect(doc.info.status).toBe('failed');
    expect(doc.info.format).toBe('doc');
    expect(doc.info.failed_stage).toBe('extract');
    expect(doc.info.error).toMatch(/LibreOffice.*not installed.*apt-get install libreoffice-writer-nogui/);
  });
});

describe('the LibreOffice call', () => {
  const saved = process.env.PATH;
  afterEach(() => {
    process.env.PATH = saved;
  });
  /** A stand-in `soffice` (shell script) first on the PATH. */
  function fakeSoffice(script: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-soffice-'));
    fs.writeFileSync(path.join(dir, 'soffice'), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    process.env.PATH = `${dir}${path.delimiter}${saved}`;
    return dir;
  }

  it('runs with its own profile that disables macros, headless, without restoring or locking', async () => {
    const dir = fakeSoffice('echo "$@" > "$(dirname "$0")/args"; p=$(echo "$1" | sed "s#-env:UserInstallation=file://##"); cp "$p/user/registrymodifications.xcu" "$(dirname "$0")/xcu"');
    try {
      await expect(convertToDocx(fakeWordBinary(), 'doc')).rejects.toThrow(/LibreOffice could not convert/);
      const args = fs.readFileSync(path.join(dir, 'args'), 'utf8');
      expect(args).toMatch(/^-env:UserInstallation=file:\/\/.*budget-ingest-doc-.*\/profile --headless --norestore --nolockcheck/);
      expect(args).toContain('--convert-to docx:MS Word 2007 XML');
      const xcu = fs.readFileSync(path.join(dir, 'xcu'), 'utf8');
      expect(xcu).toMatch(/DisableMacrosExecution" oor:op="fuse"><value>true/);
      expect(xcu).toMatch(/MacroSecurityLevel" oor:op="fuse"><value>3/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops a conversion that runs past the time limit', async () => {
    const dir = fakeSoffice('sleep 30');
    try {
      const t0 = Date.now();
      const err = await convertToDocx(fakeWordBinary(), 'doc', { timeoutMs: 500 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ExtractError);
      expect((err as Error).message).toBe('LibreOffice did not finish converting this .doc file within 1 s; stopped');
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasSoffice)('legacy Word through LibreOffice', () => {
  it('reads an RTF table with its vertically merged cell, noting that the file is RTF', async () => {
    const file = new VFile({ path: 'a.doc' });
    const { tree } = await extractDoc({ path: 'a.doc', bytes: new TextEncoder().encode(RTF_MERGED) }, file);
    expect(textOf(tree)).toContain('2024年部门预算');
    const [table] = tables(tree);
    expect(table).toBeDefined();
    const merged = cells(table!).find((c) => textOf(c).trim() === 'merged');
    expect(merged?.properties.rowSpan).toBe(2);
    // The covered cell is absent: 3 cells in row 1, 2 in row 2.
    expect(cells(table!).length).toBe(5);
    expect(file.messages.some((m) => m.ruleId === 'doc-is-rtf')).toBe(true);
  }, 60_000);

  it('fails a corrupt .doc with a reason, leaving no temporary files', async () => {
    const before = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('budget-ingest-doc-')).length;
    const doc = await processBytes('broken.doc', fakeWordBinary());
    expect(doc.info.status).toBe('failed');
    expect(doc.info.error).toMatch(/LibreOffice could not convert this \.doc file/);
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('budget-ingest-doc-')).length).toBe(before);
  }, 60_000);

  it.skipIf(!hasCorpus)('loads a sample .doc with its projects, indicators and merged cells', async () => {
    const name = fs.readdirSync(CORPUS_DOC).find((f) => f.endsWith('.doc'))!;
    const bytes = new Uint8Array(fs.readFileSync(path.join(CORPUS_DOC, name)));
    const file = new VFile({ path: name });
    const { tree } = await extractDoc({ path: name, bytes }, file);
    expect(tables(tree).some((t) => cells(t).some((c) => Number(c.properties.rowSpan ?? 1) > 1 || Number(c.properties.colSpan ?? 1) > 1))).toBe(true);
    const doc = await processBytes(name, bytes);
    expect(doc.info.format).toBe('doc');
    expect(doc.info.status).toBe('ok');
    expect(doc.record!.projects.length).toBeGreaterThan(0);
    expect(doc.record!.projects.flatMap((p) => p.indicators).length).toBeGreaterThan(0);
  }, 120_000);
});

// Spreadsheets: what a cell displays (number formats, cached formula values), merged ranges as
// spans, hidden parts read and reported, cell references as provenance, and every bad file
// failing alone with its reason. Fixtures: test/fixtures/xlsx/make-fixtures.mjs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Element } from 'hast';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it } from 'vitest';
import { sniffFile } from '../src/extract/sniff.ts';
import { ExtractError } from '../src/extract/types.ts';
import { extractXlsx } from '../src/extract/xlsx/index.ts';
import { tableGrid } from '../src/ir/grid.ts';
import { blocks, sourceOf } from '../src/ir/nodes.ts';
import { textOf } from '../src/ir/text.ts';
import { messageRecords } from '../src/messages.ts';
import { processBytes } from '../src/pipeline/process.ts';

const dir = path.join(import.meta.dirname, 'fixtures/xlsx');
const bytesOf = (name: string) => new Uint8Array(fs.readFileSync(path.join(dir, name)));
const CORPUS = path.resolve(import.meta.dirname, '../../shared/corpus');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function extract(name: string, bytes = bytesOf(name)) {
  const file = new VFile({ path: name });
  const out = await extractXlsx({ path: name, bytes }, file);
  return { tree: out.tree, messages: messageRecords(file) };
}

async function reason(name: string, bytes = bytesOf(name)): Promise<string> {
  try {
    await extract(name, bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(ExtractError);
    return (err as Error).message;
  }
  throw new Error(`${name} was extracted without error`);
}

/** The cell of a table grid whose source is the given reference. */
function cellAt(tables: Element[], ref: string) {
  for (const t of tables) for (const row of tableGrid(t)) for (const c of row) if (c.origin && c.source?.cell === ref) return c;
  return undefined;
}

describe('XLSX reading', async () => {
  const { tree, messages } = await extract('formats.xlsx');
  const all = blocks(tree);
  const tables = all.filter((b) => b.tagName === 'table');

  it('makes each sheet a section headed by its name, hidden sheets included', () => {
    const headings = all.filter((b) => b.tagName === 'h2').map(textOf);
    expect(headings).toEqual(['绩效目标', '备注']);
    expect(all.map(textOf)).toContain('内部备注：不公开');
  });

  it('shows what the cell displays: number formats applied', () => {
    expect(cellAt(tables, '绩效目标!D4')?.text).toBe('95%'); // 0.95 with 0%
    expect(cellAt(tables, '绩效目标!E4')?.text).toBe('1,342.46'); // #,##0.00
    expect(cellAt(tables, '绩效目标!D5')?.text).toBe('1,234,567.89');
    expect(cellAt(tables, '绩效目标!D6')?.text).toBe('2024/3/1'); // built-in 14, as zh-CN Excel shows it
    expect(cellAt(tables, '绩效目标!E6')?.text).toBe('2024年3月1日'); // custom yyyy"年"m"月"d"日"
    expect(cellAt(tables, '绩效目标!C7')?.text).toBe('90.00%'); // built-in 10
    expect(cellAt(tables, '绩效目标!D7')?.text).toBe('3.1'); // 0.0
    expect(cellAt(tables, '绩效目标!D8')?.text).toBe('205'); // a code kept as shown
    expect(cellAt(tables, '绩效目标!B8')?.text).toBe('TRUE');
  });

  it('gives formulas their cached value, never computing them', () => {
    expect(cellAt(tables, '绩效目标!E5')?.text).toBe('7'); // SUM(D4:D5) would be 1234568.84; Excel saved 7
    expect(cellAt(tables, '绩效目标!A8')?.text).toBe('#DIV/0!');
    expect(cellAt(tables, '绩效目标!C8')?.text).toBe('合计');
    expect(cellAt(tables, '绩效目标!E7')?.text).toBe('');
    const uncached = messages.find((m) => m.rule === 'xlsx-formula-uncached');
    expect(uncached?.text).toMatch(/1 formula cell without a saved value shown empty.*E7/);
    expect(uncached?.cell).toBe('绩效目标!E7');
  });

  it('turns merged ranges into rowSpan/colSpan; a title merged over the columns is a paragraph', () => {
    expect(all.find((b) => b.tagName === 'p')).toBeDefined();
    expect(textOf(all.find((b) => b.tagName === 'p')!)).toBe('2024年项目支出绩效目标表');
    expect(sourceOf(all.find((b) => b.tagName === 'p')!)?.cell).toBe('绩效目标!A1');
    const a4 = cellAt(tables, '绩效目标!A4')!;
    expect([a4.text, a4.rowSpan, a4.colSpan]).toEqual(['产出指标', 2, 1]);
    const b6 = cellAt(tables, '绩效目标!B6')!;
    expect([b6.text, b6.rowSpan, b6.colSpan]).toEqual(['社会效益指标：就业', 1, 2]);
    // The covered slot repeats its origin in the grid, and has no cell of its own.
    const grid = tableGrid(tables[0]!);
    const row5 = grid.find((r) => r.some((c) => c.text === '培训人数'))!;
    expect(row5[0]!.origin).toBe(false);
    expect(row5[0]!.text).toBe('产出指标');
    expect(cellAt(tables, '绩效目标!A5')).toBeUndefined();
  });

  it('reads rich text runs and leaves out phonetic guides', () => {
    expect(all.map(textOf).join('\n')).not.toContain('マンゾクド');
    expect(cellAt(tables, '绩效目标!A7')?.text).toBe('满意度');
  });

  it('reads hidden rows, columns and sheets, and reports each', () => {
    expect(cellAt(tables, '绩效目标!A6')?.text).toBe('效益指标');
    expect(cellAt(tables, '绩效目标!F4')?.text).toBe('隐藏列');
    const byRule = new Map(messages.map((m) => [m.rule, m]));
    expect(byRule.get('xlsx-hidden-rows')?.text).toBe('sheet 绩效目标: 1 hidden row with content read (rows 6)');
    expect(byRule.get('xlsx-hidden-rows')?.location).toBe('绩效目标!A6');
    expect(byRule.get('xlsx-hidden-columns')?.text).toBe('sheet 绩效目标: 1 hidden column with content read (F)');
    expect(byRule.get('xlsx-hidden-sheet')?.text).toBe('sheet 备注 is hidden in the workbook; read like the others');
  });

  it('does not follow external links, and says so', () => {
    expect(messages.find((m) => m.rule === 'xlsx-external-links')?.text).toMatch(/^1 external link .* not followed/);
  });

  it('bounds merged ranges by the content: one over the whole sheet is one cell', async () => {
    const { tree: t } = await extract('huge-merge.xlsx');
    const b = blocks(t);
    expect(b.map((x) => x.tagName)).toEqual(['h2', 'table']);
    const grid = tableGrid(b[1]!);
    expect(grid.length).toBe(2);
    expect(grid[0]![0]!.colSpan).toBe(2);
  });
});

describe('XLSX bad input fails with a reason', () => {
  it('content spread over a huge range', async () => {
    expect(await reason('huge-dimension.xlsx')).toMatch(/^sheet Sheet1: content spans A1:XFD1048576 \(1,048,576 rows × 16,384 columns\), over the limit/);
  });
  it('corrupt: truncated, or a part that is not XML', async () => {
    expect(await reason('truncated.xlsx')).toMatch(/^not an XLSX: .*(corrupt, truncated or mislabelled file)/);
    expect(await reason('damaged-sheet.xlsx')).toMatch(/^damaged XLSX: xl\/worksheets\/sheet1.xml is not well-formed XML/);
  });
  it('zip bombs: declared, and lying about their size', async () => {
    expect(await reason('zip-bomb.xlsx')).toMatch(/^zip bomb suspected: xl\/worksheets\/sheet1.xml inflates \d+:1 to 300 MB/);
    expect(await reason('zip-bomb-lying.xlsx')).toBe('zip bomb suspected: xl/workbook.xml inflates beyond its declared 2000 bytes');
  });
  it('an encrypted workbook (an ECMA-376 encrypted package in OLE, as Office writes for any password-protected file)', async () => {
    const encrypted = new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, 'fixtures/docx/encrypted.docx')));
    expect(await reason('secret.xlsx', encrypted)).toBe('password-protected (encrypted) Office document');
    expect(() => sniffFile(encrypted, 'secret.xlsx')).toThrow(/password-protected/);
  });
  it('in the pipeline each bad file fails alone and the good one loads', async () => {
    const bad = ['huge-dimension.xlsx', 'truncated.xlsx', 'damaged-sheet.xlsx', 'zip-bomb.xlsx', 'zip-bomb-lying.xlsx'];
    for (const name of bad) {
      const done = await processBytes(name, bytesOf(name));
      expect(done.info.status, name).toBe('failed');
      expect(done.info.format, name).toBe('xlsx');
      expect(done.info.error, name).toBe(await reason(name));
    }
    const good = await processBytes('formats.xlsx', bytesOf('formats.xlsx'));
    expect(good.info.status).not.toBe('failed');
  });
});

describe('legacy .xls without LibreOffice', () => {
  it('fails with the way to install it', async () => {
    const { extractXls } = await import('../src/extract/xlsx/legacy.ts');
    const before = process.env.SOFFICE;
    process.env.SOFFICE = path.join(tmp, 'no-such-soffice');
    try {
      const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Buffer.from('Workbook\0', 'utf16le')]);
      await expect(extractXls({ path: 'a.xls', bytes: ole }, new VFile({ path: 'a.xls' })))
        .rejects.toThrow('legacy Excel workbook (.xls) needs LibreOffice to be read: install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-calc-nogui) or save the file as .xlsx');
    } finally {
      if (before === undefined) delete process.env.SOFFICE;
      else process.env.SOFFICE = before;
    }
  });
});

const corpusXlsx = path.join(CORPUS, 'xlsx', '004_c2ed7faebcfb9906.xlsx');
describe.skipIf(!fs.existsSync(corpusXlsx))('a disclosure as XLSX', () => {
  if (!fs.existsSync(corpusXlsx)) console.log('skipped: ../shared/corpus/xlsx not found');
  it('loads its projects and indicators with cell references', async () => {
    const done = await processBytes(corpusXlsx, new Uint8Array(fs.readFileSync(corpusXlsx)));
    expect(done.info.format).toBe('xlsx');
    expect(done.record!.projects.length).toBe(8);
    const ind = done.record!.projects[0]!.indicators[0]!;
    expect(ind.source?.cell).toMatch(/^Sheet1!A\d+:L\d+$/);
    expect(ind.level3).toBe('享受社会保险补贴人数');
  });
});

const soffice = (() => {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
})();
describe.skipIf(!soffice)('legacy .xls through LibreOffice', () => {
  if (!soffice) console.log('skipped: LibreOffice (soffice) not installed');
  it('reads a BIFF8 workbook like its XLSX: displayed values, merges, cell references', async () => {
    // Made here from the XLSX fixture by LibreOffice's own "MS Excel 97" filter.
    execFileSync('soffice', [`-env:UserInstallation=file://${tmp}/profile`, '--headless', '--norestore',
      '--convert-to', 'xls:MS Excel 97', '--outdir', tmp, path.join(dir, 'formats.xlsx')], { stdio: 'ignore', timeout: 180_000 });
    const xls = new Uint8Array(fs.readFileSync(path.join(tmp, 'formats.xls')));
    expect(sniffFile(xls, 'formats.xls')).toEqual({ format: 'xls', note: null });
    const done = await processBytes('formats.xls', xls);
    expect(done.info.format).toBe('xls');
    expect(done.messages.some((m) => m.rule === 'xls-converted')).toBe(true);
    const { extractorFor } = await import('../src/extract/index.ts');
    const file = new VFile({ path: 'formats.xls' });
    const { tree } = await (await extractorFor('xls'))({ path: 'formats.xls', bytes: xls }, file);
    const tables = blocks(tree).filter((b) => b.tagName === 'table');
    expect(cellAt(tables, '绩效目标!D4')?.text).toBe('95%');
    expect(cellAt(tables, '绩效目标!E4')?.text).toBe('1,342.46');
    expect(cellAt(tables, '绩效目标!A4')?.rowSpan).toBe(2);
  }, 240_000);
});

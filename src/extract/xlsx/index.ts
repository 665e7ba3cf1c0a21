// Spreadsheets (.xlsx, and .xls/.et converted to it by legacy.ts) → intermediate hast: every
// sheet is a section headed by its name (sheet-blocks.ts), in workbook order. Hidden sheets,
// rows and columns are read like the rest, and reported, since what a reader of the file sees
// differs from what is loaded.
import type { VFile } from 'vfile';
import { root } from '../../ir/nodes.ts';
import { report } from '../../messages.ts';
import { oleFileReason, XLS } from '../sniff.ts';
import { ExtractError, type Extractor } from '../types.ts';
import { cellName, sheetRef } from './cell-ref.ts';
import { sheetBlocks } from './sheet-blocks.ts';
import { readWorkbook, type Sheet } from './workbook.ts';

const list = (refs: string[], max = 5) => refs.slice(0, max).join(', ') + (refs.length > max ? `, … (${refs.length} in all)` : '');

/** Consecutive numbers as ranges: [1,2,3,7] → ['1-3', '7'] (1-based for rows). */
function runs(values: Iterable<number>, name: (n: number) => string): string[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(i === j ? name(sorted[i]!) : `${name(sorted[i]!)}-${name(sorted[j]!)}`);
    i = j + 1;
  }
  return out;
}

function reportSheet(file: VFile, sheet: Sheet): void {
  const note = (text: string, rule: string, severity: 'info' | 'warning', ref = 'A1') =>
    report(file, text, { stage: 'extract', rule, severity, source: { cell: sheetRef(sheet.name, ref) } });
  if (sheet.state !== 'visible') {
    note(`sheet ${sheet.name} is ${sheet.state === 'veryHidden' ? 'very hidden' : 'hidden'} in the workbook; read like the others`, 'xlsx-hidden-sheet', 'warning');
  }
  const hiddenRows = [...sheet.hiddenRows].filter((r) => sheet.cells.some((c) => c.row === r));
  if (hiddenRows.length > 0) {
    note(`sheet ${sheet.name}: ${hiddenRows.length} hidden row${hiddenRows.length > 1 ? 's' : ''} with content read (rows ${list(runs(hiddenRows, (n) => String(n + 1)))})`,
      'xlsx-hidden-rows', 'warning', cellName({ row: hiddenRows[0]!, col: 0 }));
  }
  const hiddenCols = [...sheet.hiddenCols].filter((c) => sheet.cells.some((x) => x.col === c));
  if (hiddenCols.length > 0) {
    const letters = runs(hiddenCols, (n) => cellName({ row: 0, col: n }).replace(/\d+$/, ''));
    note(`sheet ${sheet.name}: ${hiddenCols.length} hidden column${hiddenCols.length > 1 ? 's' : ''} with content read (${list(letters)})`,
      'xlsx-hidden-columns', 'warning', cellName({ row: 0, col: hiddenCols[0]! }));
  }
  if (sheet.uncachedFormulas.length > 0) {
    note(`sheet ${sheet.name}: ${sheet.uncachedFormulas.length} formula cell${sheet.uncachedFormulas.length > 1 ? 's' : ''} without a saved value shown empty (formulas are not computed): ${list(sheet.uncachedFormulas)}`,
      'xlsx-formula-uncached', 'warning', sheet.uncachedFormulas[0]);
  }
  if (sheet.badFormats.size > 0) {
    note(`sheet ${sheet.name}: number format${sheet.badFormats.size > 1 ? 's' : ''} not understood, shown as General: ${list([...sheet.badFormats])}`, 'xlsx-number-format', 'warning');
  }
}

export const extractXlsx: Extractor = async (input, file: VFile) => {
  // Encrypted workbooks are OLE files; name them (and .xls) before trying to unzip.
  const ole = oleFileReason(input.bytes);
  if (ole && ole !== XLS) throw new ExtractError(ole, 'xlsx');
  if (ole === XLS) throw new ExtractError('legacy Excel workbook (.xls), not an XLSX: read it as xls', 'xlsx');
  const workbook = await readWorkbook(input.bytes);
  const blocks = [];
  for (const sheet of workbook.sheets) {
    reportSheet(file, sheet);
    const result = sheetBlocks(sheet);
    if (result.coveredText.length > 0) {
      report(file, `sheet ${sheet.name}: ${result.coveredText.length} cells hidden under merged ranges held text; it was appended to the merged cell (${list(result.coveredText)})`, {
        stage: 'extract', rule: 'xlsx-covered-cell-text', severity: 'warning', source: { cell: result.coveredText[0] },
      });
    }
    blocks.push(...result.blocks);
  }
  if (workbook.externalLinks > 0) {
    report(file, `${workbook.externalLinks} external link${workbook.externalLinks > 1 ? 's' : ''} (other workbooks, data connections) not followed; cached values shown`, {
      stage: 'extract', rule: 'xlsx-external-links', severity: 'info',
    });
  }
  if (workbook.sheets.every((s) => s.cells.length === 0)) throw new ExtractError('XLSX workbook is empty (no cell holds a value)', 'xlsx');
  return { tree: root(blocks), pages: null };
};

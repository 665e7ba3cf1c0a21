// DOCX rows and messages have a location, as PDF ones have page and box: the body block, and for
// table content the table, row and grid column (1-based where stored or printed). Checked on
// the samples by going back from each stored location to the cell it names.
import fs from 'node:fs';
import path from 'node:path';
import type { Element } from 'hast';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/command.ts';
import { extractDocx } from '../src/extract/docx/index.ts';
import { tableGrid } from '../src/ir/grid.ts';
import { blocks, isElement, sourceOf, type Root } from '../src/ir/nodes.ts';
import { textOf } from '../src/ir/text.ts';
import { formatLocation } from '../src/messages.ts';
import { processBytes } from '../src/pipeline/process.ts';
import { removeTempDirs, ROOT, rows, startCli, tempDir } from './batch-helpers.ts';

afterAll(removeTempDirs);

const DOCX = path.join(ROOT, 'test/fixtures/docx');

async function extract(name: string): Promise<Root> {
  const p = path.join(DOCX, name);
  return (await extractDocx({ path: p, bytes: new Uint8Array(fs.readFileSync(p)) }, new VFile({ path: p }))).tree;
}

/** The printed rows of a table block, each a list of its own cells (covered cells absent). */
const rowsOf = (t: Element) => t.children.filter((r): r is Element => isElement(r, 'tr'))
  .map((r) => r.children.filter((c): c is Element => isElement(c, 'td') || isElement(c, 'th')));

describe('DOCX sources in the intermediate tree', () => {
  it('rows and cells carry table, row and the grid column their cell starts in', async () => {
    const tree = await extract('merged-cells.docx');
    const first = blocks(tree).find((b) => b.tagName === 'table')!;
    const grid = tableGrid(first);
    for (const [r, cells] of rowsOf(first).entries()) {
      for (const cell of cells) {
        const src = sourceOf(cell)!;
        expect(src).toMatchObject({ index: sourceOf(first)!.index, table: 0, row: r + 1 });
        // The grid cell at that row and column is this cell.
        expect(grid[r]![src.column! - 1]!.element).toBe(cell);
      }
    }
    // `培训次数` sits under two cells merged down from the row above: column 3, not 1.
    const cell = rowsOf(first).flat().find((c) => textOf(c) === '培训次数')!;
    expect(sourceOf(cell)).toMatchObject({ row: 3, column: 3 });
    expect(formatLocation(sourceOf(cell))).toBe('table 1 row 3 col 3');
  });

  it('every cell of the samples points at itself through the grid', async () => {
    for (const name of ['000_8673c46da405b13e.docx', '004_c2ed7faebcfb9906.docx']) {
      const tree = await extract(name);
      for (const t of blocks(tree).filter((b) => b.tagName === 'table')) {
        const grid = tableGrid(t);
        for (const [r, cells] of rowsOf(t).entries()) {
          for (const cell of cells) expect(grid[r]![sourceOf(cell)!.column! - 1]!.element, `${name} ${formatLocation(sourceOf(cell))}`).toBe(cell);
        }
      }
    }
  });
});

describe('DOCX locations in records and in the database', () => {
  it('each indicator names the block and row its 三级指标 is printed in', async () => {
    const p = path.join(DOCX, '000_8673c46da405b13e.docx');
    const doc = await processBytes(p, new Uint8Array(fs.readFileSync(p)));
    const tree = await extract('000_8673c46da405b13e.docx');
    const indicators = doc.record!.projects.flatMap((pr) => pr.indicators);
    expect(indicators.length).toBeGreaterThan(10);
    for (const ind of indicators) {
      const src = ind.source!;
      expect(src.page).toBeUndefined();
      const block = blocks(tree)[src.index!]!;
      expect(block.tagName).toBe('table');
      expect(sourceOf(block)!.table).toBe(src.table);
      const printed = rowsOf(block)[src.row! - 1]!.map((c) => textOf(c).normalize('NFKC').replace(/\s+/g, ''));
      expect(printed, formatLocation(src)!).toContain(ind.level3);
    }
    // The project starts at its table (or the title above it).
    for (const pr of doc.record!.projects) expect(pr.source?.index).toBeTypeOf('number');
  });

  it('are stored: block and table_row in the row tables, block and a cell location in messages', async () => {
    const dir = tempDir('docx-locations');
    const input = path.join(dir, 'in');
    fs.mkdirSync(input);
    for (const f of ['000_8673c46da405b13e.docx', '004_c2ed7faebcfb9906.docx', 'merged-cells.docx']) fs.copyFileSync(path.join(DOCX, f), path.join(input, f));
    const db = path.join(dir, 'x.duckdb');
    const cli = startCli(['ingest', input, '--db', db]);
    // merged-cells.docx is not a disclosure (a failure row, exit 1); its messages are still stored.
    expect([EXIT.ok, EXIT.someFailed as number], cli.stderr.join('\n')).toContain(await cli.exit);
    const [ind] = await rows(db, `SELECT count(*)::INTEGER AS n, count(block)::INTEGER AS b, count(table_row)::INTEGER AS r, count(page)::INTEGER AS p
      FROM indicators JOIN documents USING (doc_id) WHERE format = 'docx'`);
    expect(ind!.n).toBeGreaterThan(10);
    expect(ind).toMatchObject({ b: ind!.n, r: ind!.n, p: 0 });
    const [proj] = await rows(db, `SELECT count(*)::INTEGER AS n, count(block)::INTEGER AS b FROM projects JOIN documents USING (doc_id) WHERE format = 'docx'`);
    expect(proj!.b).toBe(proj!.n);
    const located = await rows(db, `SELECT block, location FROM messages JOIN documents USING (doc_id) WHERE format = 'docx' AND location LIKE 'table %'`);
    expect(located.length).toBeGreaterThan(0);
    for (const m of located) {
      expect(m.block).toBeTypeOf('number');
      expect(String(m.location)).toMatch(/^table \d+( row \d+( col \d+)?)?$/);
    }
  });
});

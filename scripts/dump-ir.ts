// Prints the intermediate tree of a file (blocks and table grids) for developing recognizers:
//   npx tsx scripts/dump-ir.ts FILE
import fs from 'node:fs';
import { VFile } from 'vfile';
import { extractorFor, sniffFormat } from '../src/extract/index.ts';
import { tableGrid } from '../src/ir/grid.ts';
import { blocks } from '../src/ir/nodes.ts';
import { textOf } from '../src/ir/text.ts';
const p = process.argv[2]!;
const bytes = new Uint8Array(fs.readFileSync(p));
const fmt = sniffFormat(bytes, p);
const ex = await (await extractorFor(fmt))({ path: p, bytes }, new VFile({ path: p }));
for (const b of blocks(ex.tree)) {
  const src = JSON.stringify(b.data?.source ?? {});
  if (b.tagName === 'table') {
    console.log(`TABLE ${src}`);
    for (const row of tableGrid(b)) console.log('  | ' + row.map((c) => (c.origin ? '' : '^') + JSON.stringify(c.text).slice(1, -1)).join(' | '));
  } else console.log(`${b.tagName} ${src} ${JSON.stringify(textOf(b))}`);
}

// Prints the recognizers' raw record for a file (projects, indicators) and the messages:
//   npx tsx scripts/recognize-file.ts FILE [--json]
import fs from 'node:fs';
import { VFile } from 'vfile';
import { extractorFor, sniffFormat } from '../src/extract/index.ts';
import { messageRecords } from '../src/messages.ts';
import { recognize } from '../src/recognize/index.ts';

const p = process.argv[2]!;
const bytes = new Uint8Array(fs.readFileSync(p));
const file = new VFile({ path: p });
const ex = await (await extractorFor(sniffFormat(bytes, p)))({ path: p, bytes }, file);
const doc = recognize(ex.tree, file);
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(doc, null, 1));
} else {
  const { projects, lead_text: lead, budget_tables: _b, ...fields } = doc;
  console.log(JSON.stringify(fields), JSON.stringify(lead.slice(0, 120)));
  for (const pr of projects) {
    console.log(`#${pr.project_seq} [${pr.layout}] ${pr.project_code} ${pr.project_name} cat=${pr.category} budget=${pr.budget_raw}/${pr.fiscal_raw}/${pr.other_raw} plan=${JSON.stringify(pr.spending_plan?.map((s) => `${s.milestone}:${s.pct_raw}`))} purpose=${JSON.stringify(pr.purpose)} goals=${JSON.stringify(pr.goals?.slice(0, 50))}`);
    for (const i of pr.indicators) console.log(`   ${i.indicator_seq}. ${[i.level1_raw, i.level2_raw, i.level3, i.description, i.value_raw, i.unit_raw, i.basis, i.weight_raw].map((x) => x ?? '∅').join(' | ')}`);
  }
}
for (const m of messageRecords(file)) console.log(`! ${m.severity} ${m.rule} ${m.location ?? ''} ${m.text}`);

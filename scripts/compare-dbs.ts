// Row-for-row comparison of two loaded databases (e.g. the real PDFs before and after a change to
// the PDF reader): every data table, every column but run bookkeeping (run ids, timestamps,
// timings). Prints one line per table and exits 1 when any table differs.
//   node bin/run-ts.mjs scripts/compare-dbs.ts A.duckdb B.duckdb [--details N]
import { parseArgs } from 'node:util';
import { openForRead, queryRows } from '../src/load/database.ts';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { details: { type: 'string', default: '5' } } });
const [a, b] = positionals;
if (!a || !b) {
  console.error('usage: compare-dbs.ts A.duckdb B.duckdb [--details N]');
  process.exit(2);
}
const TABLES = ['documents', 'budget_lines', 'budget_lines_supplementary', 'budget_tables', 'budget_table_columns', 'projects', 'indicators', 'spending_plan', 'procurement_items', 'fixed_assets', 'messages'];
/** Bookkeeping that differs between two runs of the same files. */
const VOLATILE = /(^run_id$|_at$|seconds|^elapsed|duration|^ingested|^loaded)/;

const dbA = await openForRead(a);
const dbB = await openForRead(b);
const stringify = (r: Record<string, unknown>) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
let differs = 0;
for (const t of TABLES) {
  const cols = (await queryRows(dbA, `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${t}' ORDER BY ordinal_position`))
    .filter((c) => !VOLATILE.test(String(c.column_name)) && !/TIMESTAMP|TIME|DATE/.test(String(c.data_type)))
    .map((c) => `"${String(c.column_name)}"`);
  if (cols.length === 0) { console.log(`${t}: not in ${a}`); continue; }
  const sql = `SELECT ${cols.join(', ')} FROM "${t}"`;
  const ra = (await queryRows(dbA, sql)).map(stringify).sort();
  const rb = (await queryRows(dbB, sql)).map(stringify).sort();
  const setB = new Map<string, number>();
  for (const r of rb) setB.set(r, (setB.get(r) ?? 0) + 1);
  const onlyA: string[] = [];
  for (const r of ra) {
    const n = setB.get(r) ?? 0;
    if (n > 0) setB.set(r, n - 1);
    else onlyA.push(r);
  }
  const onlyB = [...setB].flatMap(([r, n]) => Array<string>(n).fill(r));
  const same = onlyA.length === 0 && onlyB.length === 0;
  if (!same) differs++;
  console.log(`${t}: ${ra.length} vs ${rb.length} rows, ${same ? 'identical' : `${onlyA.length} only in A, ${onlyB.length} only in B`}`);
  const n = Number(values.details);
  for (const r of onlyA.slice(0, n)) console.log(`  A: ${r.slice(0, 300)}`);
  for (const r of onlyB.slice(0, n)) console.log(`  B: ${r.slice(0, 300)}`);
}
dbA.close();
dbB.close();
process.exit(differs ? 1 : 0);

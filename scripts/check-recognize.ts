// Development aid: compares the recognizers' raw fields with a gold JSON file (the normalizer is
// not applied; level names get a crude canonical form so that only recognition errors show).
//   npx tsx scripts/check-recognize.ts FILE GOLD.json
import fs from 'node:fs';
import { VFile } from 'vfile';
import { extractorFor, sniffFormat } from '../src/extract/index.ts';
import { recognize } from '../src/recognize/index.ts';

const [p, goldPath] = process.argv.slice(2) as [string, string];
const gold = JSON.parse(fs.readFileSync(goldPath, 'utf8'));
const bytes = new Uint8Array(fs.readFileSync(p));
const file = new VFile({ path: p });
const ex = await (await extractorFor(sniffFormat(bytes, p)))({ path: p, bytes }, file);
const doc = recognize(ex.tree, file);
const clean = (s: unknown) => (s === null || s === undefined ? '' : String(s).normalize('NFKC').replace(/\s+/g, ''));
const num = (s: string | null) => (s === null ? null : Number(s.replace(/[,%]/g, '')));
const lvl = (s: string | null) => {
  if (!s) return '';
  let t = clean(s);
  if (t === '服务对象' || t === '满意度') t = '服务对象满意度';
  return t.endsWith('指标') ? t : `${t}指标`;
};
let bad = 0;
const say = (m: string) => { bad++; if (bad <= 60) console.log(m); };
if (clean(doc.agency_code) !== clean(gold.agency?.code)) say(`agency_code ${doc.agency_code} gold ${gold.agency?.code}`);
if (clean(doc.agency_name) !== clean(gold.agency?.name)) say(`agency_name ${doc.agency_name} gold ${gold.agency?.name}`);
if (Number(doc.fiscal_year_raw) !== gold.fiscal_year) say(`year ${doc.fiscal_year_raw} gold ${gold.fiscal_year}`);
if (doc.projects.length !== gold.projects.length) say(`projects ${doc.projects.length} gold ${gold.projects.length}`);
let inds = 0, indOk = 0;
gold.projects.forEach((g: any, k: number) => {
  const same = doc.projects.filter((x) => clean(x.project_name) === clean(g.name));
  const f = same.sort((a, b) => Math.abs(a.project_seq - 1 - k) - Math.abs(b.project_seq - 1 - k))[0] ?? doc.projects[k];
  if (!f) return say(`missing project ${g.seq} ${g.name}`);
  const tag = `P${g.seq}`;
  if (clean(f.project_name) !== clean(g.name)) say(`${tag} name ${f.project_name} gold ${g.name}`);
  if (clean(f.project_code) !== clean(g.code)) say(`${tag} code ${f.project_code} gold ${g.code}`);
  if (clean(f.category) !== clean(g.category)) say(`${tag} category ${f.category} gold ${g.category}`);
  for (const [k, raw] of [['budget_wan', f.budget_raw], ['fiscal_wan', f.fiscal_raw], ['other_wan', f.other_raw]] as const) {
    if (num(raw) !== g[k]) say(`${tag} ${k} ${raw} gold ${g[k]}`);
  }
  const plan = f.spending_plan ? Object.fromEntries(f.spending_plan.map((s) => [s.milestone, num(s.pct_raw)])) : null;
  if (JSON.stringify(plan) !== JSON.stringify(g.spending_plan)) say(`${tag} plan ${JSON.stringify(plan)} gold ${JSON.stringify(g.spending_plan)}`);
  if (clean(f.goals) !== clean(g.goals)) say(`${tag} goals ${JSON.stringify(f.goals)} gold ${JSON.stringify(g.goals)}`);
  if (f.indicators.length !== g.indicators.length) say(`${tag} indicators ${f.indicators.length} gold ${g.indicators.length}`);
  g.indicators.forEach((gi: any, j: number) => {
    inds++;
    const fi = f.indicators[j];
    if (!fi) return say(`${tag}/${j + 1} missing ${gi.level3}`);
    const diffs: string[] = [];
    if (lvl(fi.level1_raw) !== clean(gi.level1)) diffs.push(`level1 ${fi.level1_raw}≠${gi.level1}`);
    if (lvl(fi.level2_raw) !== clean(gi.level2)) diffs.push(`level2 ${fi.level2_raw}≠${gi.level2}`);
    for (const k of ['level3', 'description', 'value_raw', 'basis'] as const) if (clean(fi[k]) !== clean(gi[k])) diffs.push(`${k} ${JSON.stringify(fi[k])}≠${JSON.stringify(gi[k])}`);
    if (num(fi.weight_raw) !== gi.weight) diffs.push(`weight ${fi.weight_raw}≠${gi.weight}`);
    if (diffs.length) say(`${tag}/${j + 1} ${diffs.join('; ')}`); else indOk++;
  });
});
console.log(`${p}: projects ${doc.projects.length}/${gold.projects.length}, indicator rows exact ${indOk}/${inds}, differences ${bad}, messages ${file.messages.length}`);

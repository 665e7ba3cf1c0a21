// Document-level fields: title, budget vs final accounts, fiscal year as printed, the
// publishing unit (code and name) and the lead text the normalizer reads for region and year.
import { squash } from '../ir/text.ts';
import type { StreamItem } from './stream.ts';
import { splitAgency, splitCodeName } from './vocabulary.ts';

export interface DocumentFields {
  title: string | null;
  doc_type: 'budget' | 'final_accounts' | 'unknown';
  fiscal_year_raw: string | null;
  agency_code: string | null;
  agency_name: string | null;
  lead_text: string;
}

const LEAD_CHARS = 1500;

function itemText(item: StreamItem): string {
  return item.kind === 'text' ? item.text : item.cells.filter((c) => c.origin && c.text).map((c) => c.text).join(' ');
}

/** Title: the first heading or short paragraph naming a 预算/决算, else the first heading. */
function findTitle(stream: StreamItem[]): string | null {
  const texts = stream.filter((i) => i.kind === 'text').slice(0, 12);
  const named = texts.find((t) => /预算|决算|绩效目标/.test(t.text) && t.text.length <= 60);
  const first = texts.find((t) => t.tag.startsWith('h'));
  // A unit name heading followed by `2022年部门预算`: print both, as the cover does.
  if (named && first && first !== named && texts.indexOf(first) < texts.indexOf(named) && !/预算|决算/.test(first.text)) {
    return `${first.text}${named.text}`;
  }
  return named?.text ?? first?.text ?? null;
}

function findDocType(title: string | null, lead: string): DocumentFields['doc_type'] {
  for (const t of [title ?? '', lead]) {
    if (/决算/.test(t)) return 'final_accounts';
    if (/预算/.test(t)) return 'budget';
  }
  return 'unknown';
}

/** Year as printed: `2022年` in the title, `预算年度：2023`, else a year in the lead text. */
function findYear(title: string | null, stream: StreamItem[]): string | null {
  const m = title && /(20[0-9]{2})\s*年/.exec(title);
  if (m) return m[1]!;
  for (const item of stream) {
    const t = squash(itemText(item));
    const y = /(?:预算|决算)年度[:：]?(20[0-9]{2})/.exec(t) ?? /^(20[0-9]{2})年(?:度)?(?:部门|单位)?(?:预算|决算)/.exec(t);
    if (y) return y[1]!;
  }
  for (const item of stream.slice(0, 40)) {
    const y = /(20[0-9]{2})\s*年/.exec(itemText(item));
    if (y) return y[1]!;
  }
  return null;
}

const UNIT_LABEL = /^(?:预算主管部门|主管部门|预算单位|单位名称|部门名称|编制单位|填报单位)[:：](.{3,40})$/;

/** First unit printed as `code name` in a short table cell or paragraph; else a labelled name. */
function findAgency(stream: StreamItem[]): { code: string | null; name: string } | null {
  const coded = findCodedAgency(stream);
  if (coded) return coded;
  for (const item of stream.slice(0, 60)) {
    const texts = item.kind === 'text' ? [item.text] : item.cells.filter((c) => c.origin).map((c) => c.text);
    for (const t of texts) {
      const m = UNIT_LABEL.exec(squash(t));
      if (m) return { code: null, name: m[1]! };
    }
  }
  return null;
}

function findCodedAgency(stream: StreamItem[]): { code: string; name: string } | null {
  for (const item of stream) {
    const texts = item.kind === 'text' ? [item.text] : item.cells.filter((c) => c.origin).map((c) => c.text);
    for (const t of texts) {
      if (t.length > 60 || splitCodeName(t)) continue;
      const a = splitAgency(t);
      if (a) return a;
    }
  }
  return null;
}

export function recognizeDocumentFields(stream: StreamItem[]): DocumentFields {
  const title = findTitle(stream);
  let lead = '';
  for (const item of stream) {
    if (lead.length >= LEAD_CHARS) break;
    const t = itemText(item);
    if (t) lead += `${t}\n`;
  }
  lead = lead.slice(0, LEAD_CHARS).trim();
  const agency = findAgency(stream);
  return {
    title, doc_type: findDocType(title, lead), fiscal_year_raw: findYear(title, stream),
    agency_code: agency?.code ?? null, agency_name: agency?.name ?? null, lead_text: lead,
  };
}

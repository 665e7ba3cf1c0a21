// Document-level fields: title, budget vs final accounts, fiscal year as printed, the
// publishing unit (code and name) and the lead text the normalizer reads for region and year.
import { squash } from '../ir/text.ts';
import type { StreamItem } from './stream.ts';
import { isAgencyName, splitAgency, splitCodeName } from './vocabulary.ts';

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
  // A 目录 (table of contents) heading is not the unit's name.
  const first = texts.find((t) => t.tag.startsWith('h') && !/^目\s*录$/.test(t.text.trim()));
  // A unit name heading followed by `2022年部门预算`: print both, as the cover does.
  if (named && first && first !== named && texts.indexOf(first) < texts.indexOf(named) && !/预算|决算/.test(first.text)) {
    return `${first.text}${named.text}`;
  }
  // The same cover printed as paragraphs: a line holding only the unit's name, then `2019年度部门预算公开`.
  const before = named ? texts[texts.indexOf(named) - 1] : undefined;
  if (named && before && isAgencyName(squash(before.text)) && squash(before.text).length <= 30 && /^20[0-9]{2}\s*年/.test(named.text.trim())) {
    return `${before.text}${named.text}`;
  }
  return named?.text ?? tableTitle(stream) ?? first?.text ?? null;
}

/** A title printed as the first table's first row, one cell across it (spreadsheets print them so). */
function tableTitle(stream: StreamItem[]): string | null {
  const row = stream.find((i) => i.kind === 'row');
  if (!row || row.kind !== 'row' || row.cells.length !== 1) return null;
  const t = row.cells[0]!.text;
  return /预算|决算|绩效目标/.test(t) && t.length <= 60 ? t : null;
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

// `部门：江苏省政协办公厅` above a table, `部门名称：…`, `预算单位：…` on a cover or in a table cell.
const UNIT_LABEL = /^(?:预算主管部门|主管部门|预算单位|单位名称|部门名称|编制单位|填报单位|部门)[:：](.{3,40})$/;
/** Furniture printed on the same line as the label: `单位：万元`, `预算年度：2019`. */
const LABEL_TAIL = /(?:(?:金额)?单位[:：](?:亿|万|千)?元|(?:预算|决算)?年度[:：]?20[0-9]{2}年?)+$/;

function labelledAgency(text: string): string | null {
  const m = UNIT_LABEL.exec(squash(text).replace(LABEL_TAIL, ''));
  const name = m?.[1]?.replace(/[(（]?(?:公章|盖章)[)）]?$/, '');
  return name && isAgencyName(name) ? name : null;
}

/**
 * A unit named in a title: `江苏省高级人民法院2017年部门预算`, `2017年度江苏省高级人民法院部门预算公开`,
 * `中国科学院国家天文台2023年部门预算`, `示范县民政局2025年项目支出绩效目标表`,
 * `第二部分 上海市某区财政局2024年度部门决算表`. The name must end like a unit's name.
 */
function titledAgency(text: string): string | null {
  const t = squash(text).replace(/^第[一二三四五六七八九十]+部分/, '').replace(/^[一二三四五六七八九十]+[、.．]/, '');
  const m = /^(?:20[0-9]{2}年度?)?([\u4e00-\u9fff（）()]{3,40}?)(?:20[0-9]{2}年度?)?(?:(?:部门|单位)?(?:预算|决算)|(?:项目支出|部门整体(?:支出)?|单位整体(?:支出)?|项目)?绩效(?:目标(?:申报)?|自评(?:价)?)表)/.exec(t);
  const name = m?.[1];
  return name && isAgencyName(name) && !/预算|决算|部门$|单位$/.test(name) ? name : null;
}

/**
 * The publishing unit: first printed as `code name` in a short cell or paragraph; else a labelled
 * name anywhere (tables-only files print `部门：…` above each table); else the name in the title
 * or in a short heading that carries the year.
 */
function findAgency(stream: StreamItem[], title: string | null): { code: string | null; name: string } | null {
  const coded = findCodedAgency(stream);
  if (coded) return coded;
  for (const item of stream) {
    const texts = item.kind === 'text' ? [item.text] : item.cells.filter((c) => c.origin).map((c) => c.text);
    for (const t of texts) {
      const name = labelledAgency(t);
      if (name) return { code: null, name };
    }
  }
  // Single headings first: the title may join a unit heading with a `2022年部门预算` heading.
  const titles = [...stream.slice(0, 60).filter((i) => i.kind === 'text' && i.text.length <= 60
    && (i.tag.startsWith('h') || /20[0-9]{2}\s*年/.test(i.text))).map((i) => itemText(i)), title ?? ''];
  for (const t of titles) {
    const name = titledAgency(t);
    if (name) return { code: null, name };
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
  const agency = findAgency(stream, title);
  return {
    title, doc_type: findDocType(title, lead), fiscal_year_raw: findYear(title, stream),
    agency_code: agency?.code ?? null, agency_name: agency?.name ?? null, lead_text: lead,
  };
}

// Fiscal year: from the printed year field, the title, the text near the start, and project
// codes (budget-system codes put the two-digit year after the 6-digit division code:
// 13092122P… → 22; some print three zeros first: 630123000 24T… → 24). The padded shape is
// weak evidence (other numbering schemes also put 000 after the division code), so it only
// decides the year when nothing else does, and is otherwise just compared.
import { squash } from '../ir/text.ts';

const MIN_YEAR = 2000;
const MAX_YEAR = 2099;

const HAN_DIGITS: Record<string, string> = {
  〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9',
};
// Only a run of exactly four Han numerals right before 年 is a year (二〇二四年); converting every
// numeral would turn 第一 or 三年 into digits next to real years.
const HAN_YEAR = /[〇零一二三四五六七八九]{4}(?=年)/g;

/** A four-digit year printed as a budget year (`2022年`, `2022 年度`, `二〇二二年`). */
export function yearIn(text: string | null | undefined): number | null {
  if (!text) return null;
  const t = squash(text).replace(HAN_YEAR, (run) => [...run].map((c) => HAN_DIGITS[c] ?? c).join(''));
  const m = /(20\d{2})年/.exec(t) ?? /^(20\d{2})$/.exec(t);
  if (!m) return null;
  const y = Number(m[1]);
  return y >= MIN_YEAR && y <= MAX_YEAR ? y : null;
}

export type CodeShape = 'plain' | 'padded';

/** Year encoded in one project code and the code layout it was read from, or null. */
export function projectCodeYear(code: string | null | undefined): { year: number; shape: CodeShape } | null {
  if (!code) return null;
  const c = squash(code);
  const padded = /^\d{6}000(\d{2})[A-Z]/.exec(c);
  const plain = /^\d{6}(\d{2})/.exec(c);
  const yy = padded ? Number(padded[1]) : plain ? Number(plain[1]) : null;
  if (yy === null || yy < 10 || yy > 60) return null;
  return { year: 2000 + yy, shape: padded ? 'padded' : 'plain' };
}

/** Year encoded in one project code, or null when the code does not carry one. */
export function yearOfProjectCode(code: string | null | undefined): number | null {
  return projectCodeYear(code)?.year ?? null;
}

/** Most common year among project codes (of one layout, when given), with how many codes agree. */
export function yearOfProjectCodes(codes: (string | null)[], shape?: CodeShape): { year: number; count: number; total: number } | null {
  const counts = new Map<number, number>();
  let total = 0;
  for (const c of codes) {
    const found = projectCodeYear(c);
    if (found === null || (shape && found.shape !== shape)) continue;
    const y = found.year;
    total++;
    counts.set(y, (counts.get(y) ?? 0) + 1);
  }
  let best: [number, number] | null = null;
  for (const e of counts) if (!best || e[1] > best[1]) best = e;
  return best ? { year: best[0], count: best[1], total } : null;
}

export interface YearMessage {
  rule: string;
  text: string;
  severity: 'warning' | 'info';
}

/**
 * The document's fiscal year: the printed year field, else the title, else the headers of
 * the budget tables, else the year most plain-layout project codes carry, else the first year
 * in the opening text, else the year of padded-layout codes (630123000 24T…). Disagreeing
 * sources are reported (the opening text is not compared: it often talks about other years,
 * except against padded codes, which are weaker still).
 */
export function resolveFiscalYear(input: {
  fiscal_year_raw: string | null;
  title: string | null;
  lead_text: string;
  project_codes: (string | null)[];
  table_titles?: string[];
}): { year: number | null; messages: YearMessage[] } {
  const messages: YearMessage[] = [];
  const printed = yearIn(input.fiscal_year_raw);
  const title = yearIn(input.title);
  const tables = (input.table_titles ?? []).map(yearIn).find((y) => y !== null) ?? null;
  const codes = yearOfProjectCodes(input.project_codes, 'plain');
  const padded = yearOfProjectCodes(input.project_codes, 'padded');
  const lead = yearIn(input.lead_text);
  const evidence: [string, number | null][] = [
    ['printed year', printed], ['title', title], ['table headers', tables], ['project codes', codes?.year ?? null],
  ];
  const strong = printed ?? title ?? tables ?? codes?.year ?? null;
  const chosen = strong ?? lead ?? padded?.year ?? null;
  const source = evidence.find(([, y]) => y !== null)?.[0] ?? (lead !== null ? 'opening text' : 'padded project codes');
  if (padded && chosen !== null && padded.year !== chosen) {
    messages.push({
      rule: 'year-conflict', severity: 'warning',
      text: `fiscal year ${chosen} from the ${source}, but ${padded.count} of ${padded.total} project codes of the 000-padded layout read as ${padded.year}; the codes were not used for the year`,
    });
  }
  if (chosen === null) {
    messages.push({ rule: 'year-unknown', severity: 'warning', text: 'fiscal year not found in the year field, title, project codes or opening text' });
    return { year: null, messages };
  }
  for (const [what, y] of evidence) {
    if (y !== null && y !== chosen) {
      const detail = what === 'project codes' && codes ? ` (${codes.count} of ${codes.total} codes)` : '';
      messages.push({ rule: 'year-conflict', severity: 'warning', text: `fiscal year ${chosen} from the ${source}, but the ${what} say ${y}${detail}` });
    }
  }
  return { year: chosen, messages };
}

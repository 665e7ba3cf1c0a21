// Fiscal year: from the printed year field, the title, the text near the start, and project
// codes (budget-system codes put the two-digit year after the 6-digit division code:
// 13092122P… → 22; some print three zeros first: 630123000 24T… → 24).
import { squash } from '../ir/text.ts';

const MIN_YEAR = 2000;
const MAX_YEAR = 2099;

/** A four-digit year printed as a budget year (`2022年`, `2022 年度`, `二〇二二年`). */
export function yearIn(text: string | null | undefined): number | null {
  if (!text) return null;
  const t = squash(text).replace(/[〇零]/g, '0').replace(/一/g, '1').replace(/二/g, '2').replace(/三/g, '3');
  const m = /(20\d{2})年/.exec(t) ?? /^(20\d{2})$/.exec(t);
  if (!m) return null;
  const y = Number(m[1]);
  return y >= MIN_YEAR && y <= MAX_YEAR ? y : null;
}

/** Year encoded in one project code, or null when the code does not carry one. */
export function yearOfProjectCode(code: string | null | undefined): number | null {
  if (!code) return null;
  const c = squash(code);
  const padded = /^\d{6}000(\d{2})[A-Z]/.exec(c);
  const plain = /^\d{6}(\d{2})/.exec(c);
  const yy = padded ? Number(padded[1]) : plain ? Number(plain[1]) : null;
  if (yy === null || yy < 10 || yy > 60) return null;
  return 2000 + yy;
}

/** Most common year among project codes, with how many codes agree. */
export function yearOfProjectCodes(codes: (string | null)[]): { year: number; count: number; total: number } | null {
  const counts = new Map<number, number>();
  let total = 0;
  for (const c of codes) {
    const y = yearOfProjectCode(c);
    if (y === null) continue;
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
 * the budget tables, else the year most project codes carry, else the first year in the
 * opening text. Disagreeing sources are reported (the opening text is not compared: it often
 * talks about other years).
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
  const codes = yearOfProjectCodes(input.project_codes);
  const lead = yearIn(input.lead_text);
  const evidence: [string, number | null][] = [
    ['printed year', printed], ['title', title], ['table headers', tables], ['project codes', codes?.year ?? null],
  ];
  const chosen = printed ?? title ?? tables ?? codes?.year ?? lead;
  const source = evidence.find(([, y]) => y !== null)?.[0] ?? 'opening text';
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

// Printed amounts, percentages and weights → numbers. Blank cells are null; a printed 0 is 0.
import { parseArabic } from './numerals.ts';

export interface ParsedNumber {
  value: number | null;
  /** Why a non-blank cell could not be read, for a message. */
  problem: string | null;
}

const BLANK = /^[-—–/／\\无]*$/;

function prepare(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s\u00a0\u200b\ufeff]+/g, '');
}

/** 万元 per printed unit of an amount (the one place for amount units). */
export const WAN_PER_UNIT: Record<string, number> = { 元: 1e-4, 千元: 0.1, 万元: 1, 亿元: 1e4 };

/**
 * An amount in 万元 as printed: `1,342.46`, `25.59`, `0`, `25.59万元`. A cell printed in 元
 * (`255900元`) is converted; so is one whose table says its unit (`unit`: 元, 千元, 万元, 亿元,
 * from `项目资金（元）` or `单位：元`); a unit in the cell itself wins. Blank, `-` and `—` are null.
 */
export function parseWan(raw: string | null | undefined, unit: string | null = null): ParsedNumber {
  if (raw === null || raw === undefined) return { value: null, problem: null };
  let t = prepare(raw);
  if (BLANK.test(t)) return { value: null, problem: null };
  let factor = unit ? (WAN_PER_UNIT[unit] ?? 1) : 1;
  const suffix = /(亿元|万元|千元|元)$/.exec(t);
  if (suffix) { t = t.slice(0, -suffix[1]!.length); factor = WAN_PER_UNIT[suffix[1]!]!; }
  const negative = /^[-−]/.test(t);
  if (negative) t = t.slice(1);
  const n = parseArabic(t);
  if (n === null) return { value: null, problem: `amount "${raw}" is not a number` };
  const v = Number.parseFloat((n * factor).toPrecision(15));
  return { value: negative ? -v : v, problem: null };
}

/** A percentage as printed in a spending plan: `25%`, `25`, `25.0％`. */
export function parsePercent(raw: string | null | undefined): ParsedNumber {
  if (raw === null || raw === undefined) return { value: null, problem: null };
  let t = prepare(raw);
  if (BLANK.test(t)) return { value: null, problem: null };
  t = t.replace(/(%|百分比|百份比)$/, '');
  const n = parseArabic(t);
  if (n === null) return { value: null, problem: `percentage "${raw}" is not a number` };
  return { value: n, problem: null };
}

/** An indicator weight (分值权重): `20`, `20%`, `20分`. */
export function parseWeight(raw: string | null | undefined): ParsedNumber {
  if (raw === null || raw === undefined) return { value: null, problem: null };
  const t = prepare(raw).replace(/(%|分)$/, '');
  if (BLANK.test(t)) return { value: null, problem: null };
  const n = parseArabic(t);
  if (n === null) return { value: null, problem: `weight "${raw}" is not a number` };
  return { value: n, problem: null };
}

// Classification code lookups: which scheme a code belongs to and its standard name in a year.
import { ECONOMIC_CLASSES } from './economic.ts';
import { FUNCTION_CLASSES, type ClassName } from './function.ts';

export type Scheme = 'function' | 'economic';

/** Function codes start 2xx (支出功能分类); economic codes 3xx (经济分类). */
export function schemeOf(code: string): Scheme | null {
  if (/^2\d{2}(\d{2}){0,2}$/.test(code)) return 'function';
  if (/^3\d{2}(\d{2})?$/.test(code)) return 'economic';
  return null;
}

/** The parent code: 2080101 → 20801 → 208; a 类 (3 digits) has none. */
export function parentCode(code: string | null): string | null {
  if (!code || !/^\d+$/.test(code)) return null;
  if (code.length === 7 || code.length === 5) return code.slice(0, code.length - 2);
  return null;
}

function pick(list: ClassName[], code: string, year: number | null): ClassName | undefined {
  const all = list.filter((c) => c.code === code);
  if (year === null) return all.find((c) => c.to === undefined) ?? all[0];
  return all.find((c) => (c.from ?? 0) <= year && year <= (c.to ?? 9999)) ?? all[all.length - 1];
}

/** The standard name of a code as used in `year` (or the current name when year is null). */
export function className(code: string | null, year: number | null = null): string | null {
  if (!code) return null;
  const scheme = schemeOf(code);
  if (!scheme) return null;
  return pick(scheme === 'function' ? FUNCTION_CLASSES : ECONOMIC_CLASSES, code, year)?.name ?? null;
}

/** The current (latest) standard name, so that rows of different years compare by name too. */
export function currentClassName(code: string | null): string | null {
  return className(code, null);
}

/** The 类 code whose standard name, in any year, is `name` (医疗卫生与计划生育支出 → 210). */
export function codeOfClassName(name: string | null): string | null {
  if (!name) return null;
  const n = name.normalize('NFKC').replace(/\s+/g, '');
  const hit = [...FUNCTION_CLASSES, ...ECONOMIC_CLASSES].find((c) => c.code.length === 3 && c.name.normalize('NFKC') === n);
  return hit?.code ?? null;
}

// Expected records of a variant, computed from the same data the renderer prints, by the rules of
// ../shared/gold/SCHEMA.md (written out here on purpose, not imported from src/normalize: the
// test must not check the normalizer against itself).
import type { IndicatorData, PrintedOp } from './content.ts';

export type AmountUnit = '元' | '千元' | '万元';
const PER_WAN: Record<AmountUnit, number> = { 元: 10000, 千元: 10, 万元: 1 };

/** An amount in 万元 as a layout prints it in `unit` (元 with thousands separators when asked). */
export function printAmount(wan: number, unit: AmountUnit, opts: { commas?: boolean; decimals?: 0 | 2 } = {}): string {
  const n = Math.round(wan * PER_WAN[unit] * 100) / 100;
  const decimals = opts.decimals ?? 2;
  if (decimals === 0 && !Number.isInteger(n)) throw new Error(`${wan} 万元 cannot be printed in ${unit} without decimals`);
  const s = n.toFixed(decimals);
  if (!opts.commas) return s;
  const [int, frac] = s.split('.');
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac === undefined ? '' : `.${frac}`}`;
}

// SCHEMA.md "Canonical level names": a printed short form maps to the full name.
const LEVEL1 = ['产出指标', '效益指标', '满意度指标', '成本指标'];
const LEVEL2 = ['数量指标', '质量指标', '时效指标', '成本指标', '经济成本指标', '社会成本指标', '生态环境成本指标',
  '经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标', '服务对象满意度指标'];
function canonical(list: string[], printed: string): string {
  const t = printed.replace(/\s+/g, '');
  return list.find((c) => c === t || c === `${t}指标`) ?? t;
}
export const canonicalLevel1 = (s: string) => canonical(LEVEL1, s);
export const canonicalLevel2 = (s: string) => canonical(LEVEL2, s);

/** Short printed form of a 二级指标 some templates use (社会效益, 服务对象满意度). */
export const shortLevel2 = (s: string) => (s.endsWith('指标') && s !== '成本指标' ? s.slice(0, -2) : s);

/** The 指标值 cell of a layout with one value column. `eq`: print `=` before a bare number. */
export function combinedValue(ind: IndicatorData, eq: boolean): string {
  if (ind.text !== undefined) return ind.text;
  const op = ind.op === '=' ? (eq ? '=' : '') : ind.op;
  return `${op}${ind.num}${ind.unit ?? ''}${ind.note ?? ''}`;
}

/** value_raw for separate 指标性质 / 指标值 / 计量单位 cells: their concatenation, 定性 left out (as the 批复表 reader does). */
export function splitValueRaw(ind: IndicatorData, opPrinted: PrintedOp): string {
  const op = opPrinted === '定性' ? '' : opPrinted;
  if (ind.note) throw new Error('a target with a note is printed in one 指标值 cell only');
  return `${op}${ind.text ?? ind.num}${ind.unit ?? ''}`;
}

export interface ExpectedNorm { op: '>=' | '<=' | '=' | 'range' | 'text'; value: number | null; value_max: number | null; unit: string | null }

/** SCHEMA.md "norm": operator, number in the canonical unit (万/亿 multiplied out, money in 元). */
export function normOf(ind: IndicatorData): ExpectedNorm {
  if (ind.text !== undefined || ind.op === '定性') return { op: 'text', value: null, value_max: null, unit: null };
  let unit = ind.unit ?? null;
  let factor = 1;
  if (unit && /^万./.test(unit)) { factor = 10000; unit = unit.slice(1); }
  else if (unit && /^亿./.test(unit)) { factor = 1e8; unit = unit.slice(1); }
  const scale = (x: number) => Math.round(x * factor * 1e6) / 1e6;
  const range = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(ind.num!);
  if (range) return { op: 'range', value: scale(Number(range[1])), value_max: scale(Number(range[2])), unit };
  // SCHEMA.md: ≥ ≧ 不低于 不少于 → >=; ≤ ≦ 不超过 → <=; none → =. A bracketed note after the unit is ignored.
  const op = ['≥', '≧', '不低于', '不少于'].includes(ind.op) ? '>=' : ['≤', '≦', '不超过'].includes(ind.op) ? '<=' : '=';
  return { op, value: scale(Number(ind.num)), value_max: null, unit };
}

export interface ExpectedIndicator {
  level1: string; level2: string; level3: string; description: string | null;
  value_raw: string; basis: string | null; weight: number | null; norm: ExpectedNorm;
}

export interface ExpectedProject {
  seq: number;
  kind: 'project' | 'department';
  code: string | null;
  name: string;
  category: string | null;
  budget_wan: number | null; fiscal_wan: number | null; other_wan: number | null;
  /** How the amounts were printed (for reading the fixture; not compared). */
  amounts_printed: { unit: AmountUnit; where: string; budget: string; fiscal: string; other: string; parts?: string[] };
  goals: string | null;
  indicators: ExpectedIndicator[];
}

export interface ExpectedDocument {
  variant: string;
  /** What this variant exercises. */
  about: string;
  fiscal_year: number;
  /** null: the layout prints no single unambiguous agency, so it is not compared. */
  agency_name: string | null;
  projects: ExpectedProject[];
}

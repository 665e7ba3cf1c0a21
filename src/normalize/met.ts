// Was a target met? A self-evaluation prints the target and the value achieved; both are
// normalized the same way (./value.ts), and the verdict follows the target's operator. What
// cannot be told from the printed words (较有效 against 有效, units that differ) is null, not a guess.
import type { NormalizedValue } from '../records.ts';
import { prepareValue } from './value.ts';

export interface Judged extends NormalizedValue {
  raw: string | null;
}

/**
 * Printed actual values that say the target was reached (财预〔2020〕10号 forms print 达成预期指标
 * for qualitative rows), or that it was not. Anything else in words is compared as text only.
 */
const REACHED = /^(已|均已|全部|全面|基本)?(达成|达到|完成|实现|达标)(了)?(预期|年度|既定|全年)?(绩效)?(目标|指标|目标值|指标值|要求)?(值)?$|^(是|合格|符合|符合要求|按时完成|如期完成)$/;
const NOT_REACHED = /^(未|没有|没|不|尚未)(能)?(全部|完全)?(达成|达到|完成|实现|达标|合格|符合)/;

/** Comparison slack for numbers read from print (49358 vs 49358.0). */
const EPS = 1e-9;

export function judgeMet(target: Judged, actual: Judged): boolean | null {
  if (actual.raw === null || actual.raw.trim() === '') return null;
  const a = prepareValue(actual.raw);
  if (NOT_REACHED.test(a)) return false;
  if (actual.op === 'text' || actual.value === null) {
    if (target.raw !== null && prepareValue(target.raw) === a) return true;
    return REACHED.test(a) ? true : null;
  }
  if (target.op === 'text' || target.value === null) {
    return target.raw !== null && prepareValue(target.raw) === a ? true : null;
  }
  // Units both printed and different (万元 against 元, 个 against %): not comparable here.
  if (target.unit !== null && actual.unit !== null && target.unit !== actual.unit) return null;
  // An actual printed with an operator of its own (≥95%) is only read in the target's direction.
  if (actual.op !== '=' && actual.op !== target.op) return null;
  const v = actual.value;
  const t = target.value;
  switch (target.op) {
    case '>=': return v >= t - EPS;
    case '>': return v > t + EPS;
    case '<=': return v <= t + EPS;
    case '<': return v < t - EPS;
    case '=': return Math.abs(v - t) <= EPS * Math.max(1, Math.abs(t));
    case 'range': return target.value_max === null ? null : v >= t - EPS && v <= target.value_max + EPS;
    default: return null;
  }
}

// Target values (指标值): printed text → operator, number(s) and canonical unit, following
// gold/SCHEMA.md. Anything that is not one numeric target (a goal in words, a date, a list of
// quantities, a share of some other amount) stays text; when digits were present a message
// says why, so a reader can see it was not a guess.
import type { NormalizedValue } from '../records.ts';
import { CN_NUMERAL_CHARS, parseArabic, parseChineseNumeral, scale } from './numerals.ts';
import { MULTIPLIERS, canonicalUnit, unitAt } from './units.ts';

export type Op = NormalizedValue['op'];

export interface ValueMessage {
  rule: string;
  text: string;
  severity: 'warning' | 'info';
}

export interface ValueResult extends NormalizedValue {
  /** Text after the value that was read as a note and not used (brackets, explanations). */
  note: string | null;
  messages: ValueMessage[];
}

// Operator words before the number, longest first so 不低于 is not read as 低于.
const PREFIX_OPS: [string, Op][] = ([
  ['大于或等于', '>='], ['大于等于', '>='], ['不低于', '>='], ['不少于', '>='], ['不小于', '>='], ['至少', '>='],
  ['最少', '>='], ['不得低于', '>='], ['不得少于', '>='], ['达到', '>='], ['≥', '>='], ['>=', '>='],
  ['小于或等于', '<='], ['小于等于', '<='], ['不超过', '<='], ['不高于', '<='], ['不多于', '<='], ['不大于', '<='],
  ['不得超过', '<='], ['不得高于', '<='], ['最多', '<='], ['至多', '<='], ['控制在', '<='], ['≤', '<='], ['<=', '<='],
  ['大于', '>'], ['高于', '>'], ['超过', '>'], ['多于', '>'], ['>', '>'],
  ['小于', '<'], ['低于', '<'], ['少于', '<'], ['不足', '<'], ['<', '<'],
  ['等于', '='], ['=', '='],
] as [string, Op][]).sort((a, b) => b[0].length - a[0].length);

// Operator words after the value: 95%以上, 10万元以内.
const SUFFIX_OPS: [string, Op][] = [
  ['及以上', '>='], ['以上', '>='], ['及以下', '<='], ['以下', '<='], ['以内', '<='], ['之内', '<='], ['内', '<='],
];

// Words before a value that only say how often or when (每月20-28日, 季度末15-20日) or that
// the figure is approximate; they do not change the target.
const NEUTRAL_PREFIXES = [
  '每季度', '每季', '每月', '每年', '每周', '每天', '每日', '每人', '每户', '每次', '季度末', '月末', '年末', '年底', '全年',
  '年度', '当年', '人均', '平均', '累计', '合计', '共计', '总计', '共', '约', '为',
];
const APPROX = ['约', '左右', '≈'];

const RANGE_SEPARATORS = ['-', '~', '〜', '—', '–', '至', '到'];

function text(note: string | null, messages: ValueMessage[]): ValueResult {
  return { op: 'text', value: null, value_max: null, unit: null, note, messages };
}

/** Canonical printed form for parsing: NFKC, no whitespace, one spelling per operator. */
export function prepareValue(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\u00a0\u200b\ufeff]+/g, '')
    .replace(/[≧⩾]/g, '≥').replace(/[≦⩽]/g, '≤')
    .replace(/>=|=>|≥=/g, '≥').replace(/<=|=<|≤=/g, '≤');
}

interface NumberAt {
  value: number;
  end: number;
  /** Unit carried by the numeral itself (百分之九十五, 百分百). */
  unit: string | null;
  chinese: boolean;
}

const ARABIC_AT = /^(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)/;
const CN_RUN = new RegExp(`^[${CN_NUMERAL_CHARS}]+`);

/** The number starting at s[i], in any printed form; null when none starts there. */
export function numberAt(s: string, i: number): NumberAt | null {
  const rest = s.slice(i);
  if (rest.startsWith('百分百')) return { value: 100, end: i + 3, unit: '%', chinese: true };
  if (rest.startsWith('百分之')) {
    const inner = numberAt(s, i + 3);
    if (inner && inner.unit === null) return { ...inner, unit: '%', chinese: true };
    return null;
  }
  const arabic = ARABIC_AT.exec(rest);
  if (arabic) {
    const value = parseArabic(arabic[0]);
    if (value !== null) return { value, end: i + arabic[0].length, unit: null, chinese: false };
  }
  // Fractions: 三分之二, 3分之1.
  const frac = /^([0-9]+|[零〇一二两三四五六七八九十百]+)分之([0-9.]+|[零〇一二两三四五六七八九十百点]+)/.exec(rest);
  if (frac) {
    const den = parseArabic(frac[1]!) ?? parseChineseNumeral(frac[1]!);
    const num = parseArabic(frac[2]!) ?? parseChineseNumeral(frac[2]!);
    if (den && num !== null) return { value: num / den, end: i + frac[0].length, unit: null, chinese: true };
  }
  const run = CN_RUN.exec(rest);
  if (run) {
    // Longest prefix of the run that is a numeral (五万元 → 五万, then 元).
    for (let len = run[0].length; len > 0; len--) {
      const v = parseChineseNumeral(run[0].slice(0, len));
      if (v !== null) return { value: v, end: i + len, unit: null, chinese: true };
    }
  }
  return null;
}

function prefixOpAt(s: string, i: number): [Op, number] | null {
  for (const [word, op] of PREFIX_OPS) if (s.startsWith(word, i)) return [op, i + word.length];
  return null;
}

function suffixOpAt(s: string, i: number): [Op, number] | null {
  for (const [word, op] of SUFFIX_OPS) if (s.startsWith(word, i)) return [op, i + word.length];
  return null;
}

interface Quantity {
  value: number;
  unit: string | null;
  /** Multiplier printed after the number (万, 亿) with no unit of its own. */
  multiplied: boolean;
  end: number;
  chinese: boolean;
  /** The numeral carried its own unit (百分之九十五, 百分百). */
  selfUnit: boolean;
}

/**
 * Number, multiplier and unit starting at s[i]: `12.5万人`, `0.13万元`, `95%`, `1.2万`.
 * `wholeTail` lets a tail that is not a listed unit count as one when it is all that is left
 * (专家人数, 个村街).
 */
function quantityAt(s: string, i: number): Quantity | null {
  const n = numberAt(s, i);
  if (!n) return null;
  let value = n.value;
  let end = n.end;
  if (n.unit) return { value, unit: n.unit, multiplied: false, end, chinese: n.chinese, selfUnit: true };
  const rest = s.slice(end);
  // The whole tail is one unit (possibly with a multiplier): 万人, 专家人数, 万元.
  const whole = rest ? canonicalUnit(rest) : null;
  if (whole && !/^[以及之内]/.test(rest)) {
    return { value: scale(value, whole.factor), unit: whole.unit, multiplied: false, end: s.length, chinese: n.chinese, selfUnit: false };
  }
  let unit = unitAt(rest);
  let multiplied = false;
  if (!unit && !n.chinese) {
    for (const [mult, factor] of Object.entries(MULTIPLIERS)) {
      if (rest.startsWith(mult)) {
        value = scale(value, factor);
        end += mult.length;
        multiplied = true;
        unit = unitAt(s.slice(end));
        break;
      }
    }
  }
  if (unit) {
    return { value: scale(value, unit.factor), unit: unit.unit, multiplied: false, end: end + unit.length, chinese: n.chinese, selfUnit: false };
  }
  return { value, unit: null, multiplied, end, chinese: n.chinese, selfUnit: false };
}

/** Numbers (Arabic) printed in a note, with their positions. */
function numbersIn(note: string): { value: number; index: number }[] {
  const out: { value: number; index: number }[] = [];
  for (const m of note.matchAll(/\d+(?:\.\d+)?/g)) out.push({ value: Number(m[0]), index: m.index! });
  return out;
}

/** A date or deadline rather than a quantity: 2022年12月, 8月底前, 10日前. */
function isDateLike(unit: string | null, after: string): boolean {
  if (unit === '年' && /^\d{1,2}月/.test(after)) return true;
  if ((unit === '月' || unit === '月份') && /^(底|初|末|中|上旬|中旬|下旬|前|以前|之前|\d{1,2}[日号])/.test(after)) return true;
  if ((unit === '日' || unit === '号') && /^(前|以前|之前|后|以后)/.test(after)) return true;
  return false;
}

function direction(op: Op): 'up' | 'down' | 'eq' | null {
  return op === '>=' || op === '>' ? 'up' : op === '<=' || op === '<' ? 'down' : op === '=' ? 'eq' : null;
}

/**
 * Normalize one printed target value. `unitRaw` is the separate 度量单位 column of layouts that
 * have one; it is used when the value text itself carries no unit.
 */
export function normalizeValue(raw: string | null | undefined, unitRaw?: string | null): ValueResult {
  const messages: ValueMessage[] = [];
  if (raw === null || raw === undefined || prepareValue(raw) === '') return text(null, messages);
  const printed = prepareValue(raw);
  const result = parseValue(printed, messages);
  const extraUnit = unitRaw ? prepareValue(unitRaw) : '';
  if (result.op !== 'text' && result.unit === null && result.note === null && extraUnit) {
    const withUnit = parseValue(printed + extraUnit, []);
    if (withUnit.op !== 'text' && withUnit.unit !== null) return { ...withUnit, messages };
  }
  return result;
}

function parseValue(printed: string, messages: ValueMessage[]): ValueResult {
  let s = printed;
  const notes: string[] = [];
  // Brackets: a unit in brackets is the unit (95(%)); anything else is a note.
  s = s.replace(/[(（【\[]([^)）】\]]*)[)）】\]]/g, (all, inner: string) => {
    if (inner && canonicalUnit(inner)) return inner;
    notes.push(all);
    return '';
  });
  const open = s.search(/[(（【\[]/);
  if (open > 0) {
    notes.push(s.slice(open));
    s = s.slice(0, open);
  }

  let i = 0;
  let approx = false;
  for (let again = true; again;) {
    again = false;
    for (const p of NEUTRAL_PREFIXES) {
      if (s.startsWith(p, i) && i + p.length < s.length) {
        if (APPROX.includes(p)) approx = true;
        i += p.length;
        again = true;
        break;
      }
    }
  }
  if (s.startsWith('≈', i)) { approx = true; i += 1; }

  let op: Op | null = null;
  const pre = prefixOpAt(s, i);
  if (pre) [op, i] = pre;

  let q = quantityAt(s, i);
  if (!q) {
    // A unit printed before the number as well as after it (%100%): drop the first copy.
    const lead = unitAt(s.slice(i));
    if (lead && !op) {
      const again = quantityAt(s, i + lead.length);
      if (again && again.unit === lead.unit) {
        q = again;
        i += lead.length;
      }
    }
  }
  if (!q) {
    // A label before an explicit operator sign (满意度≥90%): read from the sign on.
    const sign = /[≥≤<>=]/.exec(s.slice(i));
    const label = sign ? s.slice(i, i + sign.index) : '';
    if (sign && label && !/\d/.test(label) && label.length <= 12) {
      const inner = parseValue(s.slice(i + sign.index), messages);
      if (inner.op !== 'text') {
        messages.push({ rule: 'value-label-ignored', text: `label "${label}" before the target value was ignored`, severity: 'info' });
        return inner;
      }
    }
    const note = printed;
    if (op && /\d|[一二两三四五六七八九十]/.test(s.slice(i))) {
      messages.push({ rule: 'value-relative', severity: 'info', text: `kept as text: "${printed}" sets a target relative to another amount, not a number` });
    } else if (/\d/.test(s)) {
      messages.push({ rule: 'value-ambiguous', severity: 'warning', text: `kept as text: "${printed}" does not start with one numeric target` });
    } else if (canonicalUnit(s)) {
      messages.push({ rule: 'value-unit-only', severity: 'info', text: `kept as text: "${printed}" is a unit without a number` });
    }
    return text(note, messages);
  }

  let value = q.value;
  let valueMax: number | null = null;
  let unit = q.unit;
  let end = q.end;
  let isRange = false;

  // Range: 20-28, 15~20日, 7月-8月, 3至5天, 10%-20%.
  for (const sep of RANGE_SEPARATORS) {
    if (!s.startsWith(sep, end)) continue;
    const q2 = quantityAt(s, end + sep.length);
    if (!q2) break;
    if (q.unit && q2.unit && q.unit !== q2.unit) {
      messages.push({ rule: 'value-ambiguous', severity: 'warning', text: `kept as text: range "${printed}" has two different units` });
      return text(printed, messages);
    }
    if (op) {
      messages.push({ rule: 'value-ambiguous', severity: 'warning', text: `kept as text: "${printed}" has both an operator and a range` });
      return text(printed, messages);
    }
    // 1-2万人: a multiplier or money unit printed once applies to both ends.
    const second = numberAt(s, end + sep.length)!;
    const factor = second.value ? q2.value / second.value : 1;
    value = q.unit || q.multiplied ? q.value : scale(q.value, factor);
    valueMax = q2.value;
    unit = q2.unit ?? q.unit;
    end = q2.end;
    isRange = true;
    if (valueMax < value) {
      messages.push({ rule: 'value-ambiguous', severity: 'warning', text: `kept as text: range "${printed}" runs backwards` });
      return text(printed, messages);
    }
    break;
  }

  let after = s.slice(end);
  if (isDateLike(unit, after)) {
    messages.push({ rule: 'value-date', severity: 'info', text: `kept as text: "${printed}" is a date or deadline, not a quantity` });
    return text(printed, messages);
  }

  if (/^[:：∶比/]\d/.test(after)) {
    messages.push({ rule: 'value-ambiguous', severity: 'warning', text: `kept as text: "${printed}" is a ratio, not one number` });
    return text(printed, messages);
  }

  let suffixOp: Op | null = null;
  const suf = suffixOpAt(after, 0);
  if (suf && !isRange) {
    suffixOp = suf[0];
    after = after.slice(suf[1]);
  }
  if (after.startsWith('左右')) { approx = true; after = after.slice(2); }

  // The tail is a note. When it repeats the number with a unit or an operator
  // (≥90满意率90%以上, 40大于等于40次, ≤10控制在10万元内) those complete the value.
  let innerOp: Op | null = null;
  if (after && q.chinese && !q.selfUnit) {
    // 十分满意, 一是…: Chinese numerals start ordinary words too; only a numeral followed by
    // nothing but its unit is read as a number.
    messages.push({ rule: 'value-ambiguous', severity: 'info', text: `kept as text: "${printed}" has a Chinese numeral followed by text` });
    return text(printed, messages);
  }
  if (after) {
    const nums = numbersIn(after);
    if (nums.length > 0 && !isRange) {
      const same = nums.filter((n) => n.value === q.value);
      const others = nums.filter((n) => n.value !== q.value);
      if (others.length > 0 || same.length > 1) {
        messages.push({ rule: 'value-ambiguous', severity: 'warning', text: `kept as text: "${printed}" has several different numbers` });
        return text(printed, messages);
      }
      if (unit === null) {
        const at = same[0]!.index;
        const lead = after.slice(0, at);
        for (const [word, o] of PREFIX_OPS) if (lead.endsWith(word)) { innerOp = o; break; }
        const inner = quantityAt(after, at);
        if (inner) {
          if (inner.unit !== null || inner.multiplied) {
            value = inner.value;
            unit = inner.unit;
          }
          const innerSuffix = suffixOpAt(after, inner.end);
          if (innerSuffix && !innerOp) innerOp = innerSuffix[0];
        }
      }
    }
    notes.unshift(after);
  }

  if (op && suffixOp && direction(op) !== direction(suffixOp)) {
    messages.push({ rule: 'value-ambiguous', severity: 'warning', text: `kept as text: "${printed}" has contradicting operators` });
    return text(printed, messages);
  }
  const finalOp: Op = isRange ? 'range' : op ?? suffixOp ?? innerOp ?? '=';
  if (!op && !suffixOp && innerOp) {
    messages.push({ rule: 'value-op-from-note', severity: 'info', text: `operator of "${printed}" taken from the words after the number` });
  }
  if (approx) messages.push({ rule: 'value-approximate', severity: 'info', text: `"${printed}" is approximate; stored as ${finalOp}` });
  return { op: finalOp, value, value_max: valueMax, unit, note: notes.length ? notes.join('') : null, messages };
}

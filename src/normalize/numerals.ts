// Numbers as printed in Chinese targets: Arabic with thousands separators, Chinese numerals
// (两千, 一百零五, 三点五), fractions (三分之二, 百分之九十五, 百分百) and 万/亿 multipliers.

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/** Characters that may make up a Chinese numeral. */
export const CN_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千万亿点';

/** Multiply without binary noise: 0.13 × 10000 is 1300, not 1300.0000000000002. */
export function scale(value: number, factor: number): number {
  return Number.parseFloat((value * factor).toPrecision(15));
}

/** Parse an Arabic number: `1,342.46`, `95`, `.5`. Thousands separators only in groups of 3. */
export function parseArabic(text: string): number | null {
  const t = text.trim();
  if (!/^(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$/.test(t) || t === '' || t === '.') return null;
  const n = Number(t.replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}

/** Integer part of a Chinese numeral below 万: 三千零五 → 3005, 十二 → 12. */
function parseSection(s: string): number | null {
  if (s === '') return 0;
  let total = 0;
  let digit: number | null = null;
  for (const ch of s) {
    if (ch in DIGITS) {
      if (digit !== null && digit !== 0 && DIGITS[ch] !== 0) return null; // 二三 is not a number
      digit = DIGITS[ch]!;
    } else if (ch in SMALL_UNITS) {
      total += (digit ?? 1) * SMALL_UNITS[ch]!; // 十二: the leading 一 may be omitted
      digit = null;
    } else {
      return null;
    }
  }
  return total + (digit ?? 0);
}

/**
 * Parse a Chinese numeral: 两千 → 2000, 一百零五 → 105, 十 → 10, 三点五 → 3.5, 一万二千 → 12000.
 * Digit strings without place units (二〇二二) are read digit by digit.
 */
export function parseChineseNumeral(text: string): number | null {
  const s = text.trim();
  if (!s || ![...s].every((c) => CN_NUMERAL_CHARS.includes(c))) return null;
  if (!/[零〇一二两三四五六七八九十]/.test(s)) return null; // 万 or 百 alone is not a number
  const [intPart, fracPart, extra] = s.split('点');
  if (extra !== undefined) return null;
  let frac = 0;
  if (fracPart !== undefined) {
    if (!fracPart || ![...fracPart].every((c) => c in DIGITS)) return null;
    frac = Number(`0.${[...fracPart].map((c) => DIGITS[c]).join('')}`);
  }
  // Plain digit string: 二〇二二.
  if (intPart && [...intPart].every((c) => c in DIGITS) && intPart.length > 1) {
    return Number([...intPart].map((c) => DIGITS[c]).join('')) + frac;
  }
  let total = 0;
  let rest = intPart ?? '';
  for (const [unitChar, factor] of Object.entries(BIG_UNITS).reverse()) {
    const at = rest.indexOf(unitChar);
    if (at >= 0) {
      const head = parseSection(rest.slice(0, at));
      if (head === null) return null;
      total += (at === 0 ? 1 : head) * factor;
      rest = rest.slice(at + 1);
    }
  }
  const tail = parseSection(rest);
  if (tail === null) return null;
  // 一万二: the bare digit after a big unit is one place lower (12000). Only for a single digit.
  if (total > 0 && rest.length === 1 && rest in DIGITS && DIGITS[rest]! > 0) {
    const lastBig = intPart!.includes('万') && !intPart!.slice(intPart!.lastIndexOf('万')).includes('亿') ? 1e4 : 1e8;
    return total + DIGITS[rest]! * (lastBig / 10) + frac;
  }
  return total + tail + frac;
}

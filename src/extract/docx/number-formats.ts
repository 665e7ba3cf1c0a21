// Word's list number formats (w:numFmt), rendered as printed: 一、 (chineseCounting), (1),
// ①, 甲 … so that automatically numbered headings and items keep their numbers as text.

const CN_DIGITS = '零一二三四五六七八九';
const CN_UNITS = ['', '十', '百', '千'];

/** 1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 105 → 一百零五 (Word's chineseCounting). */
export function chineseCounting(n: number): string {
  if (n <= 0 || n >= 10000) return String(n);
  if (n < 20 && n >= 10) return '十' + (n % 10 ? CN_DIGITS[n % 10] : '');
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = CN_UNITS[digits.length - 1 - i]!;
    if (d === 0) {
      zero = true;
      return;
    }
    if (zero && out) out += '零';
    zero = false;
    out += CN_DIGITS[d] + unit;
  });
  return out;
}

// Past these, a number is written in digits: letters repeat once per 26 and roman numerals
// have no symbol above m, so a huge counter would spell a string of millions of characters.
const MAX_LETTER_REPEAT = 10;
const MAX_ROMAN = 3999;

function letters(n: number, upper: boolean): string {
  if (n < 1) return '';
  if (n > 26 * MAX_LETTER_REPEAT) return String(n);
  // Word repeats the letter: a … z, aa … zz.
  const ch = String.fromCharCode(97 + ((n - 1) % 26));
  const s = ch.repeat(Math.floor((n - 1) / 26) + 1);
  return upper ? s.toUpperCase() : s;
}

function roman(n: number): string {
  if (n > MAX_ROMAN) return String(n);
  const table: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'],
    [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [v, s] of table) while (n >= v) { out += s; n -= v; }
  return out;
}

const enclosed = (base: number, max: number) => (n: number) => (n >= 1 && n <= max ? String.fromCodePoint(base + n - 1) : String(n));

const FORMATS: Record<string, (n: number) => string> = {
  decimal: String,
  decimalZero: (n) => (n < 10 ? `0${n}` : String(n)),
  decimalFullWidth: (n) => String(n).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))),
  decimalHalfWidth: String,
  chineseCounting,
  chineseCountingThousand: chineseCounting,
  japaneseCounting: chineseCounting,
  chineseLegalSimplified: (n) => chineseCounting(n).replace(/[一二三四五六七八九十百千零]/g, (c) => '壹贰叁肆伍陆柒捌玖拾佰仟零'['一二三四五六七八九十百千零'.indexOf(c)]!),
  ideographDigital: (n) => String(n).replace(/[0-9]/g, (d) => '〇一二三四五六七八九'[Number(d)]!),
  ideographTraditional: (n) => (n >= 1 && n <= 10 ? '甲乙丙丁戊己庚辛壬癸'[n - 1]! : String(n)),
  ideographZodiac: (n) => (n >= 1 && n <= 12 ? '子丑寅卯辰巳午未申酉戌亥'[n - 1]! : String(n)),
  decimalEnclosedCircle: enclosed(0x2460, 20),
  decimalEnclosedCircleChinese: enclosed(0x2460, 20),
  ideographEnclosedCircle: (n) => (n >= 1 && n <= 10 ? String.fromCodePoint(0x3280 + n - 1) : String(n)),
  decimalEnclosedParen: enclosed(0x2474, 20),
  decimalEnclosedFullstop: enclosed(0x2488, 20),
  lowerLetter: (n) => letters(n, false),
  upperLetter: (n) => letters(n, true),
  lowerRoman: roman,
  upperRoman: (n) => roman(n).toUpperCase(),
  none: () => '',
};

/** Render counter `n` in format `fmt` (unknown formats fall back to decimal, as Word does). */
export function formatNumber(n: number, fmt: string): string {
  return (FORMATS[fmt] ?? String)(n);
}

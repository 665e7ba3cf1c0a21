// Units of target values: canonical spellings, multipliers (万元 → 元 × 10000) and the test of
// whether the text after a number is a unit or a note.

/** Spellings of percent (including typos seen in disclosures) → `%`. */
export const PERCENT_SPELLINGS = ['百分比', '百份比', '百分率', '%', '％', 'percent'];

/** Money units and their factor to 元. */
export const MONEY_UNITS: Record<string, number> = { 元: 1, 千元: 1e3, 万元: 1e4, 亿元: 1e8, 万亿元: 1e12 };

/** Multipliers written before a count unit (12.5万人) or alone (≥5亿). */
export const MULTIPLIERS: Record<string, number> = { 万亿: 1e12, 亿: 1e8, 万: 1e4, 千: 1e3 };

// Count and measure words printed after numbers. Longest match wins, so 人次 beats 人 and
// 个月 beats 个. Anything not listed is still accepted when the whole tail looks like a unit
// (see looksLikeUnit), so this list need not be complete.
const KNOWN_UNITS = [
  '人次', '人数', '人天', '人', '名', '位', '户', '家', '个单位', '个工作日', '个月', '个', '次数', '次', '场次', '场', '批次', '批',
  '份', '件', '项', '篇', '部', '册', '本', '张', '条', '套', '台', '辆', '座', '所', '处', '类', '笔', '起', '期', '班', '门',
  '支', '只', '头', '棵', '株', '间', '栋', '幢', '架', '艘', '组', '队', '轮', '届', '页', '卷', '盒', '箱', '包', '袋',
  '瓶', '块', '把', '副', '双', '对', '根', '片', '节', '课时', '学时', '课时量', '村', '个村', '乡镇', '所学校', '宗', '例', '种', '级', '层', '辆次', '车次', '架次', '课', '讲', '堂', '号',
  '工作日', '天', '日', '周', '星期', '月份', '月', '年', '季度', '小时', '分钟', '秒', '分',
  '平方公里', '平方千米', '平方米', '平米', '立方米', '公里', '千米', '米', '厘米', '吨', '千克', '公斤', '克', '亩', '公顷',
  '摄氏度', '°C', '℃', '度', '千瓦时', '千瓦', '兆瓦', 'kWh', 'kW', '‰', 'km', 'kg', 'm2', 'm3', 'm',
  ...Object.keys(MONEY_UNITS),
];

const UNITS_LONGEST_FIRST = [...new Set(KNOWN_UNITS)].sort((a, b) => b.length - a.length);

export interface UnitMatch {
  /** Canonical unit. */
  unit: string;
  /** Factor that turns the printed number into the canonical unit (万元 → 10000). */
  factor: number;
  /** Characters of the input the unit used. */
  length: number;
}

/** Canonical form and factor of one unit token (no `/`). */
// NFKC turns ㎡ and m² into m2: spell square and cubic metres out, as most documents do.
const METRIC_SPELLINGS: Record<string, string> = { m2: '平方米', 平米: '平方米', m3: '立方米' };

function canonicalToken(token: string): { unit: string; factor: number } {
  if (PERCENT_SPELLINGS.includes(token)) return { unit: '%', factor: 1 };
  if (token in METRIC_SPELLINGS) return { unit: METRIC_SPELLINGS[token]!, factor: 1 };
  if (token in MONEY_UNITS) return { unit: '元', factor: MONEY_UNITS[token]! };
  return { unit: token, factor: 1 };
}

/** The known unit at the start of `text` (longest match), e.g. `人次以上` → 人次. */
function knownUnitAt(text: string): string | null {
  for (const p of PERCENT_SPELLINGS) if (text.startsWith(p)) return p;
  for (const u of UNITS_LONGEST_FIRST) if (text.startsWith(u)) return u;
  return null;
}

/**
 * A whole tail that reads as a unit even though the table does not list it: 个村街, 个单位
 * (个 + a short noun), 专家人数, 考场数, 课时量 (a short noun ending in 数 or 量).
 */
export function looksLikeUnit(text: string): boolean {
  if (knownUnitAt(text) === text) return true;
  return /^个[\u4e00-\u9fff]{1,3}$/.test(text) || /^[\u4e00-\u9fff]{1,4}[数量]$/.test(text);
}

/**
 * The unit at the start of `text`: a known unit, possibly compound with `/` (元/人/月, 件/次,
 * 人次/年). Returns null when the text does not start with one.
 */
export function unitAt(text: string): UnitMatch | null {
  const first = knownUnitAt(text);
  if (!first) return null;
  const { unit, factor } = canonicalToken(first);
  let length = first.length;
  let canonical = unit;
  // Compound units: each part after `/` must itself be a unit.
  while (text[length] === '/') {
    const next = knownUnitAt(text.slice(length + 1));
    if (!next) break;
    canonical += `/${canonicalToken(next).unit}`;
    length += 1 + next.length;
  }
  return { unit: canonical, factor, length };
}

/** Canonical form of a unit printed on its own (a 度量单位 column, a whole tail). */
export function canonicalUnit(text: string): UnitMatch | null {
  const m = unitAt(text);
  if (m && m.length === text.length) return m;
  if (looksLikeUnit(text)) return { unit: text, factor: 1, length: text.length };
  // A multiplier before a unit: 万人 → 人 × 10000.
  for (const [mult, f] of Object.entries(MULTIPLIERS)) {
    if (text.startsWith(mult) && text.length > mult.length) {
      const inner = canonicalUnit(text.slice(mult.length));
      if (inner) return { unit: inner.unit, factor: inner.factor * f, length: text.length };
    }
  }
  return null;
}

// Target values: every (value_raw → norm) pair of the hand-keyed gold records, a table of
// spellings beyond the samples, and properties over random numbers.
import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeValue } from '../src/normalize/value.ts';

interface Case { raw: string; op: string; value: number | null; value_max: number | null; unit: string | null }

const gold: Case[] = JSON.parse(fs.readFileSync(new URL('./fixtures/normalize/gold-values.json', import.meta.url), 'utf8'));

const norm = (raw: string, unit?: string | null) => {
  const { op, value, value_max, unit: u } = normalizeValue(raw, unit);
  return { op, value, value_max, unit: u };
};

describe('gold pairs (value_raw → norm of the five sample documents)', () => {
  it('has the fixture', () => expect(gold.length).toBeGreaterThan(600));
  it.each(gold.map((c) => [c.raw, c] as const))('%s', (raw, c) => {
    expect(norm(raw)).toEqual({ op: c.op, value: c.value, value_max: c.value_max, unit: c.unit });
  });
});

// [raw, op, value, value_max, unit]
const table: [string, string, number | null, number | null, string | null][] = [
  // operators in every spelling
  ['≥95%', '>=', 95, null, '%'], ['≧95%', '>=', 95, null, '%'], ['>=95%', '>=', 95, null, '%'], ['＞＝95％', '>=', 95, null, '%'],
  ['大于等于95%', '>=', 95, null, '%'], ['大于或等于95%', '>=', 95, null, '%'], ['不低于95%', '>=', 95, null, '%'],
  ['不少于100人', '>=', 100, null, '人'], ['不小于3次', '>=', 3, null, '次'], ['至少2次', '>=', 2, null, '次'],
  ['95%以上', '>=', 95, null, '%'], ['90%及以上', '>=', 90, null, '%'], ['100人以上', '>=', 100, null, '人'],
  ['≤5天', '<=', 5, null, '天'], ['≦5天', '<=', 5, null, '天'], ['<=5天', '<=', 5, null, '天'], ['＜＝5天', '<=', 5, null, '天'],
  ['不超过10万元', '<=', 100000, null, '元'], ['不高于3%', '<=', 3, null, '%'], ['小于等于3%', '<=', 3, null, '%'],
  ['不多于2天', '<=', 2, null, '天'], ['10万元以内', '<=', 100000, null, '元'], ['5%以下', '<=', 5, null, '%'],
  ['控制在10万元以内', '<=', 100000, null, '元'],
  ['>90%', '>', 90, null, '%'], ['＞90%', '>', 90, null, '%'], ['大于90%', '>', 90, null, '%'], ['高于90%', '>', 90, null, '%'], ['超过5次', '>', 5, null, '次'],
  ['<5%', '<', 5, null, '%'], ['＜5%', '<', 5, null, '%'], ['小于5%', '<', 5, null, '%'], ['低于5%', '<', 5, null, '%'],
  ['=100%', '=', 100, null, '%'], ['＝100%', '=', 100, null, '%'], ['等于1次', '=', 1, null, '次'], ['100%', '=', 100, null, '%'],
  ['≥ 95 %', '>=', 95, null, '%'],
  // ranges
  ['20-28', 'range', 20, 28, null], ['15～20日', 'range', 15, 20, '日'], ['15~20日', 'range', 15, 20, '日'], ['3至5天', 'range', 3, 5, '天'],
  ['3到5天', 'range', 3, 5, '天'], ['10%-20%', 'range', 10, 20, '%'], ['1-2万人', 'range', 10000, 20000, '人'], ['1月至12月', 'range', 1, 12, '月'],
  ['每月20-28日', 'range', 20, 28, '日'], ['季度末15-20日', 'range', 15, 20, '日'],
  // thousands separators, decimals
  ['1,000人', '=', 1000, null, '人'], ['≥12,500人', '>=', 12500, null, '人'], ['1,342.46万元', '=', 13424600, null, '元'], ['0.5%', '=', 0.5, null, '%'],
  // Chinese numerals and fractions
  ['百分之九十五', '=', 95, null, '%'], ['百分之95', '=', 95, null, '%'], ['不低于百分之九十', '>=', 90, null, '%'], ['百分百', '=', 100, null, '%'],
  ['三分之二', '=', 2 / 3, null, null], ['两千', '=', 2000, null, null], ['两千人', '=', 2000, null, '人'], ['一百零五次', '=', 105, null, '次'],
  ['十二个月', '=', 12, null, '个月'], ['五万元', '=', 50000, null, '元'], ['三点五天', '=', 3.5, null, '天'],
  // 万/亿 on money and counts
  ['≤0.13万元', '<=', 1300, null, '元'], ['≥12.5万人', '>=', 125000, null, '人'], ['1.2万', '=', 12000, null, null], ['1.5亿元', '=', 150000000, null, '元'],
  ['100万人次', '=', 1000000, null, '人次'], ['3千元', '=', 3000, null, '元'], ['2.5亿', '=', 250000000, null, null], ['5千米', '=', 5, null, '千米'],
  // percent spellings and typos
  ['95百分比', '=', 95, null, '%'], ['95百份比', '=', 95, null, '%'], ['95％', '=', 95, null, '%'], ['95percent', '=', 95, null, '%'], ['95百分率', '=', 95, null, '%'],
  // notes after the value
  ['≥113元（促进居民收入稳步提高）', '>=', 113, null, '元'], ['≥113元(促进居民收入)', '>=', 113, null, '元'], ['95(%)', '=', 95, null, '%'],
  ['≥90满意率90%以上', '>=', 90, null, '%'], ['40大于等于40次', '>=', 40, null, '次'], ['≤10控制在10万元内', '<=', 100000, null, '元'],
  ['≥95按实际补助金额确定', '>=', 95, null, null], ['100全部合格', '=', 100, null, null], ['≥195专家人数', '>=', 195, null, '专家人数'],
  // compound and unusual units
  ['≤60元/人/月', '<=', 60, null, '元/人/月'], ['<2件/次', '<', 2, null, '件/次'], ['≥18摄氏度', '>=', 18, null, '摄氏度'], ['≥60人次/年', '>=', 60, null, '人次/年'],
  ['≤2万元/人', '<=', 20000, null, '元/人'], ['3333个村街', '=', 3333, null, '个村街'], ['≥3000㎡', '>=', 3000, null, '平方米'],
  ['≥3000m²', '>=', 3000, null, '平方米'], ['≤0.5‰', '<=', 0.5, null, '‰'], ['2个工作日内', '<=', 2, null, '个工作日'], ['3项以上', '>=', 3, null, '项'],
  ['1次/月', '=', 1, null, '次/月'], ['90-100%', 'range', 90, 100, '%'], ['≥95%（含95%）', '>=', 95, null, '%'], ['95%(含)以上', '>=', 95, null, '%'],
  ['１００％', '=', 100, null, '%'], ['≥95.0%', '>=', 95, null, '%'], ['100%完成', '=', 100, null, '%'],
  ['1:1', 'text', null, null, null], ['第1名', 'text', null, null, null], ['零投诉', 'text', null, null, null], ['无', 'text', null, null, null],
  // qualitative and non-numeric targets
  ['有效提高', 'text', null, null, null], ['按预算执行', 'text', null, null, null], ['是', 'text', null, null, null], ['人', 'text', null, null, null],
  ['%', 'text', null, null, null], ['不超过实际缴费额的三分之二', 'text', null, null, null], ['2022年12月', 'text', null, null, null],
  ['8月底前', 'text', null, null, null], ['10日前', 'text', null, null, null], ['一是提高效率', 'text', null, null, null], ['十分满意', 'text', null, null, null],
  ['电井1座，彩钢房1座', 'text', null, null, null], ['≥90满意率95%以上', 'text', null, null, null], ['≥5%以下', 'text', null, null, null],
  ['', 'text', null, null, null], ['20-15', 'text', null, null, null], ['5天-3月', 'text', null, null, null],
  // duplicated unit before the number, label before the operator, approximations
  ['%100%', '=', 100, null, '%'], ['满意度≥90%', '>=', 90, null, '%'], ['约500人', '=', 500, null, '人'], ['500人左右', '=', 500, null, '人'],
];

describe('spellings beyond the samples', () => {
  it.each(table)('%s', (raw, op, value, value_max, unit) => {
    const got = norm(raw);
    expect(got.op).toBe(op);
    if (value === null) expect(got.value).toBeNull();
    else expect(got.value).toBeCloseTo(value, 9);
    expect(got.value_max).toBe(value_max);
    expect(got.unit).toBe(unit);
  });
});

describe('messages say why a value stayed text', () => {
  it('explains a relative target', () => {
    expect(normalizeValue('不超过实际缴费额的三分之二').messages.map((m) => m.rule)).toEqual(['value-relative']);
  });
  it('explains a date', () => {
    expect(normalizeValue('2022年12月').messages.map((m) => m.rule)).toEqual(['value-date']);
  });
  it('warns about several different numbers', () => {
    const r = normalizeValue('≥90满意率95%以上');
    expect(r.op).toBe('text');
    expect(r.messages[0]!.severity).toBe('warning');
  });
  it('says nothing for a plain qualitative goal', () => {
    expect(normalizeValue('有效提高').messages).toEqual([]);
  });
  it('notes an operator read from the words after the number', () => {
    expect(normalizeValue('40大于等于40次').messages.map((m) => m.rule)).toContain('value-op-from-note');
  });
});

describe('separate unit column (批复表 度量单位)', () => {
  it('uses the unit column when the value has none', () => {
    expect(norm('≥190', '人')).toEqual({ op: '>=', value: 190, value_max: null, unit: '人' });
    expect(norm('≤3.5', '%')).toEqual({ op: '<=', value: 3.5, value_max: null, unit: '%' });
    expect(norm('10', '万元')).toEqual({ op: '=', value: 100000, value_max: null, unit: '元' });
  });
  it('does not add the unit twice when the value already carries it', () => {
    expect(norm('≥190人', '人')).toEqual({ op: '>=', value: 190, value_max: null, unit: '人' });
  });
});

describe('properties', () => {
  // Numbers as printed: up to 6 integer digits and 2 decimals.
  const printed = fc.tuple(fc.integer({ min: 0, max: 999999 }), fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }))
    .map(([i, d]) => (d === undefined ? `${i}` : `${i}.${String(d).padStart(2, '0')}`));
  const ops: [string, string][] = [['≥', '>='], ['≤', '<='], ['>', '>'], ['<', '<'], ['=', '='], ['', '='], ['不低于', '>='], ['不超过', '<=']];

  it('any OP N% round-trips', () => {
    fc.assert(fc.property(printed, fc.constantFrom(...ops), fc.constantFrom('%', '％', '百分比', '百份比'), (n, [sign, op], pct) => {
      const r = normalizeValue(`${sign}${n}${pct}`);
      expect(r).toMatchObject({ op, value: Number(n), value_max: null, unit: '%' });
    }));
  });

  it('万 multiplies out exactly (no floating-point noise)', () => {
    fc.assert(fc.property(printed, fc.constantFrom('人', '元', '人次', '家'), (n, unit) => {
      const r = normalizeValue(`≥${n}万${unit === '元' ? '元' : unit}`);
      expect(r.unit).toBe(unit);
      expect(r.value).toBe(Number((Number(n) * 10000).toFixed(2)));
    }));
  });

  it('ranges keep their ends in order', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.constantFrom('-', '～', '至'), (a, b, sep) => {
      const r = normalizeValue(`${Math.min(a, b)}${sep}${Math.max(a, b)}天`);
      expect(r).toMatchObject({ op: 'range', value: Math.min(a, b), value_max: Math.max(a, b), unit: '天' });
    }));
  });

  it('never throws and always returns a valid op', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (s) => {
      const r = normalizeValue(s);
      expect(['>=', '<=', '>', '<', '=', 'range', 'text']).toContain(r.op);
      if (r.op === 'text') expect([r.value, r.value_max, r.unit]).toEqual([null, null, null]);
    }));
  });
});
